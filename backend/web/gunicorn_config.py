"""Gunicorn settings for `make run`: every server's (`gunicorn_workers`), and the terminal kept
for where to open the app and for problems (access logs go to a file, see the Makefile)."""

from .gunicorn_workers import post_worker_init  # noqa: F401 - a gunicorn hook, read by name

loglevel = "warning"


def when_ready(server) -> None:
    for listener in server.LISTENERS:
        host, port = listener.cfg_addr if isinstance(listener.cfg_addr, tuple) else (listener.cfg_addr, "")
        print(f"CrampCare is running: open http://{host}:{port}", flush=True)
    print(f"Access log: {server.cfg.accesslog}. Stop with Ctrl+C.", flush=True)
