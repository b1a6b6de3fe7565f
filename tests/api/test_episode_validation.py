"""Bad episode input is a 400 or 422 naming the fields at fault, never a 500, and stores nothing."""

import uuid

import pytest

from backend.episodes.models import Episode
from tests.support.factories import episode_body

INVALID_EPISODE_FIELDS = [
    ({"severity": -1}, "severity"),
    ({"severity": 11}, "severity"),
    ({"severity": "7"}, "severity"),
    ({"severity": 7.5}, "severity"),
    ({"severity": True}, "severity"),
    ({"muscle": "arm"}, "muscle"),
    ({"side": "middle"}, "side"),
    ({"woke_from_sleep": "sometimes"}, "woke_from_sleep"),
    ({"triggers": ["full_moon"]}, "triggers"),
    ({"triggers": ["stress", "stress"]}, "triggers"),
    ({"triggers": "stress"}, "triggers"),
    ({"triggers": None}, "triggers"),
    ({"reliefs": [{"method": "yoga", "effect": "some"}]}, "reliefs"),
    ({"reliefs": [{"method": "heat", "effect": "great"}]}, "reliefs"),
    ({"reliefs": [{"method": "heat"}]}, "reliefs"),
    ({"reliefs": [{"method": "heat", "effect": "some"}, {"method": "heat", "effect": "full"}]}, "reliefs"),
    ({"symptoms": ["fever"]}, "symptoms"),
    ({"symptoms": ["swelling", "swelling"]}, "symptoms"),
    ({"notes": "x" * 2001}, "notes"),
    ({"notes": "nul \x00 inside"}, "notes"),
    ({"notes": None}, "notes"),
    ({"started_at": None}, "started_at"),
    ({"started_at": "yesterday"}, "started_at"),
    ({"started_at": "2026-11-05T03:00:00"}, "started_at"),
    ({"started_at": "2026-02-30T03:00:00+00:00", "ended_at": None}, "started_at"),
    ({"started_at": "2999-01-01T03:00:00+00:00", "ended_at": None}, "started_at"),
    ({"started_at": "0001-01-01T00:00:00+00:00", "ended_at": None}, "started_at"),
    ({"started_at": "0001-01-01T00:00:00+14:00", "ended_at": None}, "started_at"),
    ({"ended_at": "2026-11-05T02:59:59+00:00"}, "ended_at"),
    ({"ended_at": "2026-11-06T03:00:01+00:00"}, "ended_at"),
    ({"ended_at": "2026-11-05T03:05:00"}, "ended_at"),
    ({"id": "not-a-uuid"}, "id"),
    ({"mood": "grumpy"}, "mood"),
    ({"version": 1}, "version"),
    ({"night_of": "2026-11-01"}, "night_of"),
]


@pytest.mark.parametrize(("overrides", "field"), INVALID_EPISODE_FIELDS, ids=lambda value: repr(value)[:40])
def test_create_episode_with_an_invalid_field_is_422_naming_it(client, patient, rows, overrides, field):
    response = client.post("/api/v1/episodes", json=episode_body(**overrides), headers=patient.headers)

    assert response.status_code == 422, response.json
    assert response.json["code"] == 422
    assert response.json["status"] == "Unprocessable Entity"
    assert field in response.json["errors"]
    assert rows(Episode) == []


def test_create_episode_without_a_start_is_422(client, patient):
    body = episode_body()
    del body["started_at"]

    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert response.status_code == 422
    assert response.json["errors"] == {"started_at": ["Missing data for required field."]}


def test_create_episode_reports_every_bad_field_at_once(client, patient):
    body = episode_body(severity="7", muscle="arm", triggers=["stress", "stress"])

    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert set(response.json["errors"]) == {"severity", "muscle", "triggers"}


def test_body_that_is_not_json_is_400(client, patient):
    response = client.post(
        "/api/v1/episodes",
        data="{not json",
        headers={**patient.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json["code"] == 400
    assert response.json["message"]


@pytest.mark.parametrize("body", [[], ["started_at"], "a string", 7])
def test_json_body_that_is_not_an_object_is_422(client, patient, body):
    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert response.status_code == 422
    assert response.json["code"] == 422


def test_body_sent_as_plain_text_is_422(client, patient):
    response = client.post(
        "/api/v1/episodes",
        data='{"started_at": "2026-11-05T03:00:00+00:00"}',
        headers={**patient.headers, "Content-Type": "text/plain"},
    )

    assert response.status_code == 422
    assert "started_at" in response.json["errors"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"severity": "7"}, "severity"),
        ({"severity": 7.5}, "severity"),
        ({"started_at": None}, "started_at"),
        ({"ended_at": "2026-11-05T02:00:00+00:00"}, "ended_at"),
        ({"started_at": "2026-11-05T03:10:00+00:00"}, "ended_at"),
        ({"mood": "grumpy"}, "mood"),
        ({"version": "1"}, "version"),
        ({"id": str(uuid.uuid4())}, "id"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_patch_episode_with_an_invalid_field_is_422_and_changes_nothing(
    client, patient, episode, rows, changes, field
):
    response = client.patch(f"/api/v1/episodes/{episode['id']}", json=changes, headers=patient.headers)

    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    (stored,) = rows(Episode, id=uuid.UUID(episode["id"]))
    assert stored.version == 1
    assert stored.ended_at.isoformat() == episode["ended_at"]


def test_patch_episode_with_a_body_that_is_not_json_is_400(client, patient, episode):
    response = client.patch(
        f"/api/v1/episodes/{episode['id']}",
        data="[",
        headers={**patient.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-02-30", "from"),
        ("to=not-a-date", "to"),
        ("page=0", "page"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page=two", "page"),
    ],
)
def test_list_episodes_with_a_bad_query_is_422(client, patient, query, field):
    response = client.get(f"/api/v1/episodes?{query}", headers=patient.headers)

    assert response.status_code == 422
    assert field in response.json["errors"]
