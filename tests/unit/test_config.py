"""Configuration from the environment: the secret key and the database URL."""

import os
import stat

import pytest

from backend import config


@pytest.fixture
def instance_dir(tmp_path, monkeypatch):
    directory = tmp_path / "instance"
    monkeypatch.setattr(config, "INSTANCE_DIR", directory)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return directory


def test_secret_key_is_generated_under_the_instance_dir(instance_dir):
    key = config.secret_key()

    assert len(key) >= 32
    assert (instance_dir / "secret_key").read_text().strip() == key


def test_generated_secret_key_is_readable_only_by_its_owner(instance_dir):
    config.secret_key()

    mode = stat.S_IMODE(os.stat(instance_dir / "secret_key").st_mode)
    assert mode == 0o600


def test_generated_secret_key_is_reused(instance_dir):
    assert config.secret_key() == config.secret_key()


def test_each_installation_gets_its_own_key(tmp_path, monkeypatch, instance_dir):
    first = config.secret_key()
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path / "another")

    assert config.secret_key() != first


def test_secret_key_from_the_environment_wins_and_nothing_is_written(instance_dir, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")

    assert config.secret_key() == "from-the-environment"
    assert not (instance_dir / "secret_key").exists()


def test_database_defaults_to_sqlite_under_the_instance_dir(instance_dir, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert config.database_url() == f"sqlite:///{instance_dir / 'crampcare.db'}"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db:5432/crampcare", "postgresql+psycopg://u:p@db:5432/crampcare"),
        ("postgresql://u@db/crampcare", "postgresql+psycopg://u@db/crampcare"),
        ("postgresql+psycopg://u@db/crampcare", "postgresql+psycopg://u@db/crampcare"),
        ("sqlite:////data/crampcare.db", "sqlite:////data/crampcare.db"),
    ],
)
def test_database_url_gets_the_psycopg_driver(monkeypatch, given, used):
    monkeypatch.setenv("DATABASE_URL", given)

    assert config.database_url() == used


def test_prepared_statements_can_be_turned_off_for_pgbouncer(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "none")

    options = config.engine_options("postgresql+psycopg://app@pgbouncer:6432/crampcare")

    assert options["connect_args"] == {"prepare_threshold": None}
    # SQLite's driver has no such argument.
    assert "connect_args" not in config.engine_options("sqlite:////tmp/crampcare.db")


def test_psycopg_keeps_its_own_prepare_threshold_by_default(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARE_THRESHOLD", raising=False)

    assert config.engine_options("postgresql+psycopg://app@db:5432/crampcare") == {"pool_pre_ping": True}
