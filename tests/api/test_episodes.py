"""The diary: recording, reading, listing, editing and deleting episodes."""

import uuid

import pytest

from backend.episodes.models import Episode
from tests.support.factories import episode_body


def test_create_episode_answers_201_with_the_record(client, patient):
    body = episode_body(
        triggers=["stress", "dehydration"],
        reliefs=[{"method": "stretching", "effect": "full"}, {"method": "heat", "effect": "some"}],
        symptoms=["soreness_after"],
        notes="Second one tonight.",
    )

    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert response.status_code == 201
    episode = response.json
    assert episode["id"] == body["id"]
    assert episode["started_at"] == "2026-11-05T03:00:00+00:00"
    assert episode["duration_seconds"] == 150
    assert episode["severity"] == 6
    assert episode["triggers"] == ["dehydration", "stress"]
    assert episode["reliefs"] == [
        {"method": "heat", "effect": "some"},
        {"method": "stretching", "effect": "full"},
    ]
    assert episode["symptoms"] == ["soreness_after"]
    assert episode["notes"] == "Second one tonight."
    assert episode["version"] == 1
    assert response.headers["ETag"] == '"1"'


def test_create_episode_needs_only_a_start(client, patient):
    response = client.post(
        "/api/v1/episodes", json={"started_at": "2026-11-05T03:00:00+00:00"}, headers=patient.headers
    )

    assert response.status_code == 201
    assert response.json["ended_at"] is None
    assert response.json["duration_seconds"] is None
    assert response.json["triggers"] == []
    assert response.json["reliefs"] == []
    assert response.json["notes"] == ""
    uuid.UUID(response.json["id"])


def test_create_episode_derives_the_night_in_the_patients_time_zone(client, patient):
    # 01:30 in London (BST) on 5 July is the night that began on 4 July.
    body = episode_body(started_at="2026-07-05T00:30:00+00:00", ended_at=None)

    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert response.json["night_of"] == "2026-07-04"


def test_create_episode_uses_the_time_zone_set_in_the_profile(client, patient):
    client.patch("/api/v1/me", json={"timezone": "Pacific/Auckland"}, headers=patient.headers)
    # 20:00 UTC on 4 July is 08:00 on 5 July in Auckland: still the night of the 4th there.
    body = episode_body(started_at="2026-07-04T20:00:00+00:00", ended_at=None)

    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert response.json["night_of"] == "2026-07-04"


def test_create_episode_is_refused_to_a_clinician(client, clinician):
    response = client.post("/api/v1/episodes", json=episode_body(), headers=clinician.headers)

    assert response.status_code == 403
    assert response.json["code"] == 403


def test_get_episode_returns_it_with_an_etag(client, patient, episode):
    response = client.get(f"/api/v1/episodes/{episode['id']}", headers=patient.headers)

    assert response.status_code == 200
    assert response.json == episode
    assert response.headers["ETag"] == '"1"'


def test_list_episodes_returns_mine_newest_first(client, patient, add_episode):
    older = add_episode(started_at="2026-11-03T02:00:00+00:00", ended_at=None)
    newer = add_episode(started_at="2026-11-05T02:00:00+00:00", ended_at=None)

    response = client.get("/api/v1/episodes", headers=patient.headers)

    assert response.status_code == 200
    assert [episode["id"] for episode in response.json] == [newer["id"], older["id"]]


def test_list_episodes_leaves_out_other_patients_episodes(client, patient, other_patient, add_episode):
    mine = add_episode()
    add_episode(actor=other_patient)

    response = client.get("/api/v1/episodes", headers=patient.headers)

    assert [episode["id"] for episode in response.json] == [mine["id"]]


def test_list_episodes_filters_by_night(client, patient, add_episode):
    add_episode(started_at="2026-11-01T22:00:00+00:00", ended_at=None)
    inside = add_episode(started_at="2026-11-03T02:00:00+00:00", ended_at=None)  # night of 2 November
    add_episode(started_at="2026-11-04T02:00:00+00:00", ended_at=None)  # night of 3 November

    response = client.get("/api/v1/episodes?from=2026-11-02&to=2026-11-02", headers=patient.headers)

    assert [episode["id"] for episode in response.json] == [inside["id"]]


def test_list_episodes_pages_and_reports_the_total(client, patient, add_episode):
    for day in range(1, 6):
        add_episode(started_at=f"2026-10-0{day}T22:00:00+00:00", ended_at=None)

    response = client.get("/api/v1/episodes?page=2&page_size=2", headers=patient.headers)

    assert len(response.json) == 2
    assert '"total": 5' in response.headers["X-Pagination"]


@pytest.mark.parametrize("page", ["4", "100000000000000000000000000"])
def test_list_episodes_past_the_last_page_is_empty(client, patient, add_episode, page):
    add_episode()

    response = client.get(f"/api/v1/episodes?page={page}", headers=patient.headers)

    assert response.status_code == 200
    assert response.json == []


def test_patch_episode_changes_the_given_fields_only(client, patient, episode):
    response = client.patch(
        f"/api/v1/episodes/{episode['id']}",
        json={"severity": 3, "triggers": ["stress"], "notes": "Eased quickly."},
        headers=patient.headers,
    )

    assert response.status_code == 200
    assert response.json["severity"] == 3
    assert response.json["triggers"] == ["stress"]
    assert response.json["notes"] == "Eased quickly."
    assert response.json["muscle"] == episode["muscle"]
    assert response.json["reliefs"] == episode["reliefs"]
    assert response.json["version"] == 2


def test_patch_episode_start_recomputes_night_and_duration(client, patient, episode):
    response = client.patch(
        f"/api/v1/episodes/{episode['id']}",
        json={"started_at": "2026-11-05T02:59:00+00:00", "ended_at": "2026-11-05T03:00:00+00:00"},
        headers=patient.headers,
    )

    assert response.json["duration_seconds"] == 60
    assert response.json["night_of"] == "2026-11-04"


def test_patch_episode_replaces_child_rows_in_the_database(client, patient, episode, rows):
    client.patch(
        f"/api/v1/episodes/{episode['id']}",
        json={"triggers": ["alcohol"], "reliefs": [{"method": "walking", "effect": "none"}]},
        headers=patient.headers,
    )

    (stored,) = rows(Episode, id=uuid.UUID(episode["id"]))
    assert stored.triggers == ["alcohol"]
    assert stored.reliefs == [{"method": "walking", "effect": "none"}]


def test_delete_episode_answers_204_and_it_is_gone(client, patient, episode):
    response = client.delete(f"/api/v1/episodes/{episode['id']}", headers=patient.headers)

    assert response.status_code == 204
    assert client.get(f"/api/v1/episodes/{episode['id']}", headers=patient.headers).status_code == 404


@pytest.mark.parametrize(
    ("method", "body"),
    [("GET", None), ("PATCH", {"severity": 1}), ("DELETE", None)],
)
def test_another_patients_episode_is_not_found(client, other_patient, episode, rows, method, body):
    response = client.open(
        f"/api/v1/episodes/{episode['id']}", method=method, json=body, headers=other_patient.headers
    )

    assert response.status_code == 404
    assert response.json["message"] == "Not found."
    (stored,) = rows(Episode, id=uuid.UUID(episode["id"]))
    assert stored.severity == episode["severity"]
    assert stored.deleted_at is None


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_unknown_episode_is_not_found(client, patient, method):
    body = {"severity": 1} if method == "PATCH" else None

    response = client.open(
        f"/api/v1/episodes/{uuid.uuid4()}", method=method, json=body, headers=patient.headers
    )

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_episode_id_that_is_not_a_uuid_is_not_found(client, patient, method):
    body = {"severity": 1} if method == "PATCH" else None

    response = client.open("/api/v1/episodes/not-a-uuid", method=method, json=body, headers=patient.headers)

    assert response.status_code == 404
    assert response.json["code"] == 404
