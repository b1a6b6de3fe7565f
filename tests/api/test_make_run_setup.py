"""`make run`'s set-up (a new .venv with the runtime dependencies only, `npm install`, the build,
the migrations) leaves a clean checkout clean: `git status --porcelain` stays empty. Then `make run`
serves with the reminders worker beside gunicorn, and Ctrl+C stops both.

The checkout is the working tree as it would be committed (tracked and new files, not ignored
ones), so the test checks the Makefile, pyproject.toml and lockfile being changed, not the last
commit. It needs the package registries (PyPI, npm) that `make run` needs; about 30-60 s."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(command: list[str], cwd: Path, **kwargs) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, **kwargs)
    output = f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{output}"
    return result.stdout


@pytest.fixture
def checkout(tmp_path) -> Path:
    for tool in ("git", "make", "npm"):
        if not shutil.which(tool):
            pytest.skip(f"`{tool}` is not installed")
    files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT).split("\0")
    target = tmp_path / "crampcare"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree is not part of it
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    run(["git", "init", "-q"], target)
    run(["git", "add", "-A"], target)
    run([*git, "commit", "-q", "-m", "the working tree"], target)
    return target


def test_make_runs_set_up_leaves_the_checkout_clean(checkout):
    env = {**os.environ, "PYTHON": sys.executable, "DATABASE_URL": f"sqlite:///{checkout}/instance/setup.db"}
    env.pop("TEST_DATABASE_URL", None)
    env.pop("FLASK_APP", None)

    run(["make", "install-run", "frontend/dist/index.html", "migrate"], checkout, env=env, timeout=300)

    assert run(["git", "status", "--porcelain"], checkout) == ""
    installed = run([str(checkout / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze"], checkout)
    names = {line.split("==")[0].lower() for line in installed.splitlines()}
    assert "gunicorn" in names and "whitenoise" in names
    assert not {"pytest", "playwright", "schemathesis", "hypothesis"} & names


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes_in_group(group: int) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == group:
                    found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except (ProcessLookupError, FileNotFoundError, PermissionError):
                continue
    return found


def test_make_run_serves_with_the_reminders_worker_and_ctrl_c_stops_both(checkout):
    env = {**os.environ, "PYTHON": sys.executable, "DATABASE_URL": f"sqlite:///{checkout}/instance/setup.db"}
    env.pop("TEST_DATABASE_URL", None)
    env.pop("FLASK_APP", None)
    port = free_port()
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=checkout,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    # A set-up that hangs must not hang the test run.
    watchdog = threading.Timer(300, os.killpg, (server.pid, signal.SIGKILL))
    watchdog.start()
    try:
        output = []
        for line in server.stdout:
            output.append(line)
            if "CrampCare is running" in line:
                break
        assert f"open http://127.0.0.1:{port}" in "".join(output), "".join(output)[-3000:]
        running = processes_in_group(server.pid)
        assert any("reminders run" in command for command in running), running
        assert any("gunicorn" in command for command in running), running
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C
        server.communicate(timeout=120)
        watchdog.cancel()

    assert processes_in_group(server.pid) == []
