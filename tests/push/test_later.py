""" "Later" on a reminder: the token in the payload brings it back once, 30 minutes after the
press; a second press answers the same; a bad token is a 422 naming `token`."""

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from backend.extensions import db
from backend.push.later import LATER_TOKEN_MAX_AGE, LATER_TOKEN_SALT
from backend.push.models import PENDING, SENDING, ReminderSend
from backend.push.worker import claim_waiting
from tests.support.accounts import PASSWORD
from tests.support.factories import item_body

LATER = "/api/v1/push/later"
REMINDED_AT = datetime(2026, 11, 10, 22, 0, 5, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)


@pytest.fixture
def reminded(client, patient, subscribe, worker, receiver):
    """A patient whose 22:00 reminder came; returns (item, device, payload)."""
    device = subscribe(patient)
    body = item_body(start_date="2026-11-10", end_date="2026-11-10", reminder_at="22:00")
    item = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers).json
    worker(REMINDED_AT)
    (payload,) = receiver.payloads(device)
    return item, device, payload


def due_at(response) -> datetime:
    return datetime.fromisoformat(response.json["due_at"])


def test_later_brings_the_reminder_back_30_minutes_after_the_press(client, reminded, worker, receiver):
    item, device, payload = reminded
    pressed = datetime.now(UTC)

    response = client.post(LATER, json={"token": payload["later_token"]})  # no sign-in: the service worker

    assert response.status_code == 202
    due = due_at(response)
    assert timedelta(minutes=29) < due - pressed < timedelta(minutes=31)
    worker(due - timedelta(seconds=5))
    assert len(receiver.payloads(device)) == 1
    worker(due + timedelta(seconds=5))
    worker(due + timedelta(seconds=30))
    first, again = receiver.payloads(device)
    assert again["kind"] == "later" and again["item_id"] == item["id"] and again["date"] == "2026-11-10"
    assert again["title"] == first["title"] and again["tag"] == first["tag"]
    assert [action["action"] for action in again["actions"]] == ["done"] and again["later_token"] is None


def test_a_second_press_answers_the_same_and_sends_once(client, reminded, worker, receiver, rows):
    _, device, payload = reminded

    first = client.post(LATER, json={"token": payload["later_token"]})
    second = client.post(LATER, json={"token": payload["later_token"]})

    assert first.status_code == second.status_code == 202
    assert first.json == second.json
    assert len(rows(ReminderSend, kind="later")) == 1
    worker(due_at(first) + timedelta(seconds=5))
    assert [p["kind"] for p in receiver.payloads(device)] == ["item", "later"]


def test_a_later_ticked_meanwhile_is_not_sent(client, patient, reminded, worker, receiver):
    item, _, payload = reminded
    response = client.post(LATER, json={"token": payload["later_token"]})

    client.put(
        f"/api/v1/care-plan/items/{item['id']}/checks/2026-11-10",
        json={"done": True},
        headers=patient.headers,
    )
    worker(due_at(response) + timedelta(seconds=5))

    assert len(receiver.received) == 1


class OldSigner(TimestampSigner):
    """Signs as if it were a minute past the token's longest age ago."""

    def get_timestamp(self) -> int:
        return int(time.time()) - LATER_TOKEN_MAX_AGE - 60


def other_tokens(app, payload) -> dict:
    data = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=LATER_TOKEN_SALT).loads(
        payload["later_token"]
    )
    return {
        "garbage": "not-a-token",
        "tampered": payload["later_token"][:-2]
        + ("AA" if not payload["later_token"].endswith("AA") else "BB"),
        "another salt": URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="other").dumps(data),
        "another key": URLSafeTimedSerializer("x" * 40, salt=LATER_TOKEN_SALT).dumps(data),
        "too old": URLSafeTimedSerializer(
            app.config["SECRET_KEY"], salt=LATER_TOKEN_SALT, signer=OldSigner
        ).dumps(data),
        "not a send": URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=LATER_TOKEN_SALT).dumps(
            {"send": "x"}
        ),
        "lone surrogate": "\ud800abc",
        "empty": "",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "garbage",
        "tampered",
        "another salt",
        "another key",
        "too old",
        "not a send",
        "lone surrogate",
        "empty",
    ],
)
def test_a_bad_token_is_422_naming_token_and_schedules_nothing(app, client, reminded, rows, kind):
    _, _, payload = reminded
    token = other_tokens(app, payload)[kind]

    response = client.post(LATER, json={"token": token})

    assert response.status_code == 422, response.json
    assert response.json["code"] == 422 and "token" in response.json.get("errors", {})
    assert rows(ReminderSend, kind="later") == []


def test_a_token_of_an_erased_account_is_422(client, patient, reminded):
    _, _, payload = reminded
    client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)

    response = client.post(LATER, json={"token": payload["later_token"]})

    assert response.status_code == 422 and "token" in response.json["errors"]


def test_a_waiting_row_is_claimed_by_one_worker_only(app, client, reminded, rows):
    _, _, payload = reminded
    due = due_at(client.post(LATER, json={"token": payload["later_token"]}))

    claims = []
    for _ in range(2):
        with app.app_context():
            claims.append(claim_waiting(due + timedelta(seconds=1)))
            db.session.remove()

    (later,) = rows(ReminderSend, kind="later")
    assert claims == [[later.id], []]
    assert later.status == SENDING and later.status != PENDING
