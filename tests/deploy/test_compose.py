"""No Docker engine runs in CI, so the compose file and Dockerfile are checked by reading them."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_stack_has_database_cache_migrations_app_worker_and_proxy(compose):
    assert set(compose["services"]) == {"db", "redis", "migrate", "app", "reminders", "proxy"}


def test_database_keeps_data_in_a_named_volume(compose):
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    mount = db["volumes"][0]
    volume, path = mount.split(":")
    assert volume in compose["volumes"]
    assert path == "/var/lib/postgresql/data"


@pytest.mark.parametrize("service", ["db", "redis", "app"])
def test_every_service_has_a_health_check(compose, service):
    assert compose["services"][service]["healthcheck"]["test"]


def test_app_health_check_calls_the_health_endpoint(compose):
    assert "/api/v1/health" in " ".join(compose["services"]["app"]["healthcheck"]["test"])


@pytest.mark.parametrize("service", ["app", "reminders"])
def test_app_and_worker_wait_for_database_redis_and_migrations(compose, service):
    depends = compose["services"][service]["depends_on"]
    assert depends == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


def test_app_uses_postgres_and_redis_and_requires_a_secret(compose):
    environment = compose["services"]["app"]["environment"]
    assert environment["DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    # `:?` makes compose refuse to start without a secret instead of using a default.
    assert ":?" in environment["SECRET_KEY"]


def test_database_credentials_match_between_services(compose):
    db_env = compose["services"]["db"]["environment"]
    url = compose["services"]["app"]["environment"]["DATABASE_URL"]
    assert f"//{db_env['POSTGRES_USER']}:" in url
    assert url.endswith("/" + db_env["POSTGRES_DB"])


def test_only_the_proxy_publishes_ports(compose):
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"proxy"}
    assert {"80:80", "443:443"} <= set(compose["services"]["proxy"]["ports"])
    assert compose["services"]["app"]["expose"] == ["5000"]


def test_image_applies_migrations_then_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert command.index("flask db upgrade") < command.index("gunicorn")
    assert "0.0.0.0:5000" in command
    assert "--config python:backend.web.gunicorn_workers" in command
    assert "COPY migrations/" in dockerfile
    assert "frontend/dist" in dockerfile


def test_app_trusts_one_proxy_and_keeps_cookies_to_https(compose):
    environment = compose["services"]["app"]["environment"]
    assert environment["TRUSTED_PROXIES"] == "${TRUSTED_PROXIES:-1}"
    assert environment["COOKIE_SECURE"] == "${COOKIE_SECURE:-1}"


def command_of(service: dict) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_app_runs_replicas_of_gunicorn(compose):
    app = compose["services"]["app"]
    assert app["deploy"]["replicas"] == "${APP_REPLICAS:-2}"
    assert command_of(app).startswith("gunicorn ")
    assert "backend:create_app()" in command_of(app)
    # Every server's worker settings (the garbage collector), not `make run`'s terminal ones.
    assert "--config=python:backend.web.gunicorn_workers" in command_of(app)


def test_replicas_neither_migrate_nor_send_reminders(compose):
    # The migrations run once (the migrate service), the reminders in one worker of their own.
    command = command_of(compose["services"]["app"])
    assert "db upgrade" not in command
    assert "reminders" not in command
    # `make run`'s gunicorn settings are for one machine, not for a replica.
    assert "gunicorn_config" not in command


def test_migrations_run_once_before_the_replicas(compose):
    migrate = compose["services"]["migrate"]
    assert command_of(migrate) == "flask db upgrade"
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_reminders_worker_is_one_service_of_its_own(compose):
    worker = compose["services"]["reminders"]
    assert command_of(worker) == "flask reminders run"
    assert worker["deploy"]["replicas"] == 1
    assert worker["restart"] == "unless-stopped"


@pytest.mark.parametrize("service", ["migrate", "reminders"])
def test_migrations_and_worker_run_the_apps_image_with_its_environment(compose, service):
    app, other = compose["services"]["app"], compose["services"][service]
    assert (other["build"], other["image"]) == (app["build"], app["image"])
    assert other["environment"] == app["environment"]


def test_replicas_and_worker_share_one_secret_and_one_push_key(compose):
    # A key generated inside each container would differ from replica to replica.
    environment = compose["services"]["app"]["environment"]
    for name in ("SECRET_KEY", "VAPID_PRIVATE_KEY"):
        assert ":?" in environment[name]


def test_proxy_serves_https_in_front_of_every_replica(compose):
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert proxy["depends_on"] == {"app": {"condition": "service_healthy"}}
    [config] = proxy["configs"]
    assert config["target"] == "/etc/caddy/Caddyfile"
    caddyfile = compose["configs"][config["source"]]["content"]
    assert "${SITE_ADDRESS:-localhost} {" in caddyfile
    # Replicas found by the service's DNS name, so scaling needs no proxy change.
    assert "dynamic a app 5000" in caddyfile
    assert {"caddy-data", "caddy-config"} <= set(compose["volumes"])
