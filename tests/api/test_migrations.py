"""Migrations build the schema from an empty database, match the models, and undo cleanly."""

import logging
import os
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import Migrate, downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from backend.config import database_url
from backend.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def running_on_postgresql() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith(("postgres://", "postgresql"))


BACKENDS = ["sqlite"] + (["postgresql"] if running_on_postgresql() else [])


@pytest.fixture
def kept_logging():
    # Alembic's env.py loads logging settings from alembic.ini, replacing pytest's own handlers.
    manager = logging.Logger.manager
    root = logging.getLogger()
    root_state = (root.level, root.handlers[:])
    logger_states = {
        name: (logger.level, logger.disabled, logger.handlers[:], logger.propagate)
        for name, logger in manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.setLevel(root_state[0])
    root.handlers[:] = root_state[1]
    for name, logger in list(manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            level, disabled, handlers, propagate = logger_states.get(name, (logging.NOTSET, False, [], True))
            logger.setLevel(level)
            logger.disabled = disabled
            logger.handlers[:] = handlers
            logger.propagate = propagate


@pytest.fixture(scope="module")
def scratch_postgres_database():
    """A PostgreSQL database of our own, created empty for this module and dropped after it.

    Created once: dropping a database forces a checkpoint, which is slow on a busy server.
    """
    server_url = make_url(database_url_for_tests())
    name = f"crampcare_migrations_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_database(request, tmp_path):
    """The URL of a database with no tables at all, of the kind named by the test's parameter."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = request.getfixturevalue("scratch_postgres_database")
    yield url.render_as_string(hide_password=False)
    # Empty again for the next test, whatever this one left behind.
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_url_for_tests() -> str:
    # The session fixture pointed DATABASE_URL at TEST_DATABASE_URL; database_url() adds the driver.
    os.environ.setdefault("DATABASE_URL", os.environ["TEST_DATABASE_URL"])
    return database_url()


@pytest.fixture
def migration_app(app, empty_database, kept_logging):
    """A bare app on the empty database; `app` is requested so every model is imported."""
    bare = Flask("migration_check")
    bare.config.update(
        SQLALCHEMY_DATABASE_URI=empty_database, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool}
    )
    db.init_app(bare)
    Migrate(bare, db, directory=str(MIGRATIONS_DIR))
    with bare.app_context():
        yield bare
        db.session.remove()
        db.engine.dispose()


def schema_differences() -> list:
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


@pytest.mark.parametrize("empty_database", BACKENDS, indirect=True)
def test_upgrade_builds_every_table_of_the_models(migration_app):
    assert table_names() == set()

    upgrade()

    assert table_names() == set(db.metadata.tables)


@pytest.mark.parametrize("empty_database", BACKENDS, indirect=True)
def test_upgraded_schema_matches_the_models(migration_app):
    upgrade()

    assert schema_differences() == []


@pytest.mark.parametrize("empty_database", BACKENDS, indirect=True)
def test_downgrade_to_base_removes_every_table(migration_app):
    upgrade()

    downgrade(revision="base")

    assert table_names() == set()
