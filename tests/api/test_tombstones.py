"""A delete leaves a tombstone for sync; every read, list and write then treats the record as gone."""

import uuid

import pytest

from backend.careplan.models import CarePlanCheck, CarePlanItem
from backend.changes import counter_position
from backend.episodes.models import Episode
from tests.support.factories import CHECK_DAY, episode_body, item_body


def last_change_seq(app, actor) -> int:
    with app.app_context():
        return counter_position(uuid.UUID(actor.id))[0]


def test_deleted_episode_stays_as_a_tombstone(app, client, patient, episode, rows):
    (before,) = rows(Episode, id=uuid.UUID(episode["id"]))

    client.delete(f"/api/v1/episodes/{episode['id']}", headers=patient.headers)

    (after,) = rows(Episode, id=uuid.UUID(episode["id"]))
    assert after.deleted_at is not None
    assert after.version == before.version + 1
    assert after.change_seq > before.change_seq
    assert after.change_seq == last_change_seq(app, patient)


def test_deleted_item_stays_as_a_tombstone(client, patient, item, rows):
    (before,) = rows(CarePlanItem, id=uuid.UUID(item["id"]))

    client.delete(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers)

    (after,) = rows(CarePlanItem, id=uuid.UUID(item["id"]))
    assert after.deleted_at is not None
    assert after.version == before.version + 1
    assert after.change_seq > before.change_seq


def test_deleted_check_stays_as_a_tombstone(client, patient, item, check, rows):
    (before,) = rows(CarePlanCheck, id=uuid.UUID(check["id"]))

    client.delete(f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}", headers=patient.headers)

    (after,) = rows(CarePlanCheck, id=uuid.UUID(check["id"]))
    assert after.deleted_at is not None
    assert after.version == before.version + 1
    assert after.change_seq > before.change_seq


def test_deleted_episode_is_left_out_of_the_list(client, patient, add_episode):
    kept, deleted = add_episode(), add_episode()

    client.delete(f"/api/v1/episodes/{deleted['id']}", headers=patient.headers)

    listed = client.get("/api/v1/episodes", headers=patient.headers)
    assert [episode["id"] for episode in listed.json] == [kept["id"]]
    assert '"total": 1' in listed.headers["X-Pagination"]


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("PATCH", {"severity": 1}), ("DELETE", None)])
def test_deleted_episode_is_not_found(client, patient, episode, method, body):
    url = f"/api/v1/episodes/{episode['id']}"
    client.delete(url, headers=patient.headers)

    assert client.open(url, method=method, json=body, headers=patient.headers).status_code == 404


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("PATCH", {"status": "paused"}), ("DELETE", None)]
)
def test_deleted_item_is_not_found(client, patient, item, method, body):
    url = f"/api/v1/care-plan/items/{item['id']}"
    client.delete(url, headers=patient.headers)

    assert client.open(url, method=method, json=body, headers=patient.headers).status_code == 404


def test_recreating_a_deleted_episode_is_409(client, patient, episode, rows):
    client.delete(f"/api/v1/episodes/{episode['id']}", headers=patient.headers)

    response = client.post("/api/v1/episodes", json=episode_body(id=episode["id"]), headers=patient.headers)

    assert response.status_code == 409
    assert response.json["code"] == 409
    (stored,) = rows(Episode)
    assert stored.deleted_at is not None


def test_recreating_a_deleted_item_is_409(client, patient, item, rows):
    client.delete(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers)

    response = client.post("/api/v1/care-plan/items", json=item_body(id=item["id"]), headers=patient.headers)

    assert response.status_code == 409
    assert len(rows(CarePlanItem)) == 1


def test_ticking_a_cleared_day_again_revives_the_same_check(client, patient, item, check, rows):
    url = f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}"
    client.delete(url, headers=patient.headers)

    response = client.put(url, json={"done": True}, headers=patient.headers)

    assert response.status_code == 200
    assert response.json["id"] == check["id"]
    (stored,) = rows(CarePlanCheck)
    assert stored.deleted_at is None
    assert stored.version == 3


def test_every_write_takes_the_next_change_number(app, client, patient, item):
    seen = []
    episode_id = episode_body()["id"]
    writes = [
        ("POST", "/api/v1/episodes", episode_body(id=episode_id)),
        ("PATCH", f"/api/v1/episodes/{episode_id}", {"severity": 1}),
        ("PUT", f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}", {"done": True}),
        ("DELETE", f"/api/v1/episodes/{episode_id}", None),
    ]
    for method, url, body in writes:
        client.open(url, method=method, json=body, headers=patient.headers)
        seen.append(last_change_seq(app, patient))

    assert seen == sorted(set(seen))
    assert len(seen) == len(writes)
