"""Browser end-to-end fixtures: a real gunicorn server on a fresh database, the built PWA, and
Chromium driven by pytest-playwright.

The server runs in its own process with the schema made by the migrations (`flask db upgrade`),
on a temporary SQLite file, or on a fresh PostgreSQL database next to TEST_DATABASE_URL's, created
here and dropped at the end.

E2E_BASE_URL points the tests at a server you already run instead (development only).

Chromium comes from CHROMIUM_PATH or /usr/bin/chromium. Without one the browser tests skip with
the reason shown, unless REQUIRE_BROWSER=1, when they fail.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.support.browser import AXE_SCRIPT, Api
from tests.support.push_receiver import new_vapid_private_key
from tests.support.servers import GunicornServer, migrate, server_env

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
DIST_INDEX = FRONTEND / "dist" / "index.html"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def _browser_missing(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        _browser_missing(f"no Chromium at {path} (set CHROMIUM_PATH, or install Debian's chromium)")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(chromium_path):
    # pytest-playwright finds the system Chromium only through this override.
    return {"executable_path": chromium_path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(live_server):
    return {"base_url": live_server, "viewport": PHONE, "service_workers": "allow"}


def _newest_source_time() -> float:
    sources = [FRONTEND / "index.html", FRONTEND / "vite.config.js", FRONTEND / "package.json"]
    for folder in (FRONTEND / "src", FRONTEND / "public"):
        sources.extend(path for path in folder.rglob("*") if path.is_file())
    return max(path.stat().st_mtime for path in sources if path.exists())


def _ensure_frontend_built() -> None:
    npm = shutil.which("npm")
    if not AXE_SCRIPT.exists() or not (FRONTEND / "node_modules" / ".bin" / "vite").exists():
        if not npm:
            pytest.fail("npm is needed to install the front end (frontend/node_modules is missing)")
        # `npm ci` fails against the registry mirror here; `npm install` honours the lockfile.
        subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    if not DIST_INDEX.exists() or DIST_INDEX.stat().st_mtime < _newest_source_time():
        if not npm:
            pytest.fail("npm is needed to build the front end (frontend/dist is missing or stale)")
        subprocess.run([npm, "run", "build"], cwd=FRONTEND, check=True)


class _Database:
    """A database of our own for the server under test, so the API tests' fixtures (which empty
    their database after each test) never touch the browser's data, nor the other way round."""

    def __init__(self, tmp_path: Path):
        admin_url = os.environ.get("TEST_DATABASE_URL")
        self.name = None
        if not admin_url:
            self.url = f"sqlite:///{tmp_path / 'e2e.db'}"
            return
        from sqlalchemy.engine import make_url

        admin = make_url(admin_url).set(drivername="postgresql+psycopg")
        self.name = f"crampcare_e2e_{uuid.uuid4().hex[:12]}"
        self._admin_url = admin.render_as_string(hide_password=False)
        self._run(f'CREATE DATABASE "{self.name}"')
        self.url = admin.set(database=self.name).render_as_string(hide_password=False)

    def _run(self, statement: str) -> None:
        import psycopg

        conninfo = self._admin_url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self) -> None:
        if self.name:
            self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, chromium_path):
    if os.environ.get("E2E_BASE_URL"):
        # Development: a server you already run (its front end built, its database migrated).
        yield os.environ["E2E_BASE_URL"].rstrip("/")
        return
    _ensure_frontend_built()
    database = _Database(tmp_path_factory.mktemp("e2e"))
    try:
        env = server_env(
            database.url,
            SECRET_KEY="e2e-secret-key-long-enough-for-hs256-signing",
            # Given, so the server never writes a key of its own under instance/.
            VAPID_PRIVATE_KEY=new_vapid_private_key(),
            # The tests sign in many times a minute from one address.
            LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS="10000 per minute",
            LOGIN_LIMIT_PER_ADDRESS="10000 per minute",
            REGISTER_LIMIT_PER_ADDRESS="10000 per minute",
        )
        migrate(env)
        log_dir = tmp_path_factory.mktemp("e2e-log")
        with GunicornServer(env, log_dir, workers=1, threads=8, name="gunicorn", access_log=False) as server:
            yield server.base_url
    finally:
        database.drop()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def api(live_server):
    """api(email) -> the REST API signed in as that account with a bearer token."""
    return lambda email: Api(live_server, email)
