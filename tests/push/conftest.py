"""Reminders against a real local push service (tests/support/push_receiver.py) and the real
database: the worker's passes run with an injected clock, so nothing here waits on time."""

from datetime import datetime

import pytest

from backend.extensions import db
from backend.push.worker import run_pass
from tests.support.push_receiver import PushReceiver, new_vapid_private_key

# One VAPID key for the run, given as the setting, so tests never write one under instance/.
VAPID_PEM = new_vapid_private_key()


@pytest.fixture
def receiver():
    receiver = PushReceiver()
    yield receiver
    receiver.close()


@pytest.fixture(autouse=True)
def push_settings(app, receiver, monkeypatch):
    monkeypatch.setitem(app.config, "PUSH_ENDPOINT_ORIGINS", receiver.origin)
    monkeypatch.setitem(app.config, "VAPID_PRIVATE_KEY", VAPID_PEM)
    return app.config


@pytest.fixture
def subscribe(client, receiver):
    """A new device of `actor` subscribed through the API, as the app does it."""

    def add(actor):
        device = receiver.new_device()
        response = client.post("/api/v1/push/subscriptions", json=device.subscription, headers=actor.headers)
        assert response.status_code == 201, response.json
        return device

    return add


@pytest.fixture
def worker(app):
    """One pass of the reminders worker at `now` (an aware datetime)."""

    def run(now: datetime):
        with app.app_context():
            try:
                return run_pass(now)
            finally:
                db.session.remove()

    return run
