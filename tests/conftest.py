"""Fixtures: one real database per run (SQLite by default, TEST_DATABASE_URL for PostgreSQL),
emptied after every test, and actors that are signed in without spending login rate limits."""

import os
from dataclasses import dataclass

import pytest

from backend import create_app
from backend.auth.models import User
from backend.auth.passwords import hash_password
from backend.auth.tokens import start_session
from backend.changes import open_counter
from backend.config import database_url
from backend.extensions import db, limiter
from tests.support.accounts import PASSWORD

# Hashing with production parameters for every fixture user would dominate the run time.
PASSWORD_HASH = hash_password(PASSWORD)


def test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
        return database_url()
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": test_database_url(tmp_path_factory),
            # Generated on first use, outside the checkout.
            "VAPID_KEY_FILE": tmp_path_factory.mktemp("vapid") / "vapid_private_key.pem",
            # Tests sign in from one address many times a minute; the limit tests lower these.
            "LOGIN_LIMIT_PER_ADDRESS": "10000 per minute",
            "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS": "10000 per minute",
            "REGISTER_LIMIT_PER_ADDRESS": "10000 per minute",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request, app):
    yield
    with app.app_context():
        db.session.remove()
        # DELETE, children first: on tables this small it is far quicker than TRUNCATE.
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@dataclass
class Actor:
    id: str
    email: str
    role: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.access_token}"}


@pytest.fixture
def make_actor(app):
    count = 0

    def make(role: str = "patient", timezone: str = "UTC", email: str | None = None, **profile) -> Actor:
        nonlocal count
        count += 1
        with app.app_context():
            user = User(
                email=email or f"{role}{count}@example.test",
                password_hash=PASSWORD_HASH,
                display_name=f"{role.title()} {count}",
                role=role,
                timezone=timezone,
                conditions=profile.get("conditions", []),
                medications=profile.get("medications", []),
            )
            db.session.add(user)
            db.session.flush()
            open_counter(user.id)
            access_token, refresh_token = start_session(user)
            db.session.commit()
            return Actor(str(user.id), user.email, role, access_token, refresh_token)

    return make


@pytest.fixture
def patient(make_actor) -> Actor:
    return make_actor("patient", timezone="Europe/London")


@pytest.fixture
def other_patient(make_actor) -> Actor:
    return make_actor("patient")


@pytest.fixture
def clinician(make_actor) -> Actor:
    return make_actor("clinician")


@pytest.fixture
def rows(app):
    """Rows of a model as the database holds them, read outside any request."""

    def read(model, **filters) -> list:
        with app.app_context():
            return db.session.scalars(db.select(model).filter_by(**filters)).all()

    return read
