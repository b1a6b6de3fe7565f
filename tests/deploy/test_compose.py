"""No Docker engine runs in CI, so the compose file and Dockerfile are checked by reading them."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_stack_has_database_cache_and_app(compose):
    assert set(compose["services"]) == {"db", "redis", "app"}


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


def test_app_waits_for_healthy_database_and_redis(compose):
    depends = compose["services"]["app"]["depends_on"]
    assert depends == {"db": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}


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


def test_app_publishes_port_5000(compose):
    assert "5000:5000" in compose["services"]["app"]["ports"]


def test_image_applies_migrations_then_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert command.index("flask db upgrade") < command.index("gunicorn")
    assert "0.0.0.0:5000" in command
    assert "COPY migrations/" in dockerfile
    assert "frontend/dist" in dockerfile


def test_app_trusts_one_proxy_and_keeps_cookies_to_https(compose):
    environment = compose["services"]["app"]["environment"]
    assert environment["TRUSTED_PROXIES"] == "${TRUSTED_PROXIES:-1}"
    assert environment["COOKIE_SECURE"] == "${COOKIE_SECURE:-1}"
