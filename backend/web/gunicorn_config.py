"""Gunicorn settings for `make run`: say where to open the app once it listens, and keep the
terminal for that and for problems (access logs go to a file, see the Makefile)."""

loglevel = "warning"


def when_ready(server) -> None:
    for listener in server.LISTENERS:
        host, port = listener.cfg_addr if isinstance(listener.cfg_addr, tuple) else (listener.cfg_addr, "")
        print(f"CrampCare is running: open http://{host}:{port}", flush=True)
    print(f"Access log: {server.cfg.accesslog}. Stop with Ctrl+C.", flush=True)
