"""Real gunicorn servers on free ports, on a database of their own, for the tests and benchmarks
that need more than the test client: several processes sharing one PostgreSQL and one Redis.

    with ScratchPostgres(server_url, "crampcare_scale") as database:
        env = server_env(database.url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15")
        migrate(env)
        with GunicornServer(env, log_dir) as server:
            ...server.base_url...

The schema comes from the migrations (`flask db upgrade`), as in production, so it is always the
current one.
"""

import contextlib
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEALTH = "/api/v1/health"
# Where PostgreSQL is looked for when TEST_DATABASE_URL names none (the SQLite run).
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_server_url() -> str:
    """The PostgreSQL server the run uses: TEST_DATABASE_URL's when it names one, else the local
    default (SCALE_POSTGRES_URL overrides it)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        return url
    return os.environ.get("SCALE_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)


def _libpq_url(url: str) -> str:
    # psycopg takes libpq's URLs, without SQLAlchemy's driver suffix.
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def postgres_unreachable(url: str) -> str | None:
    """Why the server can't be used, or None when it answers."""
    import psycopg

    try:
        with psycopg.connect(_libpq_url(url), connect_timeout=3, autocommit=True) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {url} is unreachable: {str(error).strip()}"
    return None


def redis_unreachable(url: str) -> str | None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"Redis at {url} is unreachable: {error}"
    finally:
        client.close()
    return None


class ScratchPostgres:
    """A database of our own on the server `server_url` names: created empty on entry, dropped on
    exit, so nobody else's data is touched (the API tests empty theirs after every test)."""

    def __init__(self, server_url: str, prefix: str = "crampcare_scratch"):
        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        base, _, _ = _libpq_url(server_url).rpartition("/")
        self._admin_url = f"{base}/postgres"
        self.url = f"{base}/{self.name}"

    def _run(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def __enter__(self) -> "ScratchPostgres":
        self._run(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def server_env(database_url: str, **settings: str) -> dict:
    """The environment of a server process: this one's, pointed at `database_url`."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "live-server-secret-key-long-enough-for-hs256",
        "FLASK_APP": "backend",
        **settings,
    }
    # The server takes DATABASE_URL only; the test run's own database is not its business.
    env.pop("TEST_DATABASE_URL", None)
    return env


def migrate(env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")


def json_request(
    address: str, method: str, path: str, body=None, token: str | None = None, timeout: float = 30
) -> tuple[int, object]:
    """(status, JSON body or None) of one request, on a connection of its own."""
    connection = http.client.HTTPConnection(address, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None
    finally:
        connection.close()


def reminders_worker(env: dict, *args: str) -> subprocess.Popen:
    """`flask reminders run` in a process of its own (`--once` for one pass)."""
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "reminders", "run", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class GunicornServer:
    """`gunicorn 'backend:create_app()'` on a free port of 127.0.0.1, as `make run` serves it."""

    def __init__(
        self,
        env: dict,
        log_dir: Path,
        workers: int = 2,
        threads: int = 1,
        name: str = "server",
        access_log: bool = True,
    ):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"{name}-{self.port}.log"
        self._env, self._workers, self._threads = env, workers, threads
        self._access_log = access_log
        self._process: subprocess.Popen | None = None
        self._log = None

    def start(self) -> "GunicornServer":
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}"]
        # Each worker as every server tunes it (the garbage collector).
        command += ["--config", "python:backend.web.gunicorn_workers"]
        command += ["--workers", str(self._workers), "--threads", str(self._threads)]
        if self._access_log:
            command += ["--access-logfile", "-"]
        command.append("backend:create_app()")
        self._log = open(self.log_path, "w")  # noqa: SIM115 - open for the server's whole life
        self._process = subprocess.Popen(
            command, cwd=ROOT, env=self._env, stdout=self._log, stderr=subprocess.STDOUT
        )
        return self

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.base_url + HEALTH, timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server on port {self.port} did not start:\n{self.log_tail()}")
            time.sleep(0.1)

    def call(self, method: str, path: str, body=None, token: str | None = None) -> tuple[int, object]:
        return json_request(f"127.0.0.1:{self.port}", method, path, body, token)

    @property
    def pid(self) -> int:
        return self._process.pid

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(one) for one in children.read_text().split()] if children.exists() else []

    def kill_a_worker(self, choose=random.choice) -> int | None:
        """SIGKILL one worker, as the out-of-memory killer would; the master starts another."""
        pids = self.worker_pids()
        if not pids:
            return None
        pid = choose(pids)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        return pid

    def log_tail(self, characters: int = 3000) -> str:
        if self._log:
            self._log.flush()
        return self.log_path.read_text(errors="replace")[-characters:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self) -> "GunicornServer":
        self.start()
        try:
            self.wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_all(servers: list[GunicornServer]) -> None:
    """Start several at once (each takes a few seconds to import the app), then wait for all."""
    for server in servers:
        server.start()
    try:
        for server in servers:
            server.wait_until_up()
    except BaseException:
        stop_all(servers)
        raise


def stop_all(servers: list[GunicornServer]) -> None:
    for server in servers:
        server.stop()
