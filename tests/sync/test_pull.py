"""GET /api/v1/sync/pull: change order, paging, tombstones, limits and the purge horizon."""

from datetime import datetime, timedelta

import pytest

from backend.database import utcnow
from backend.extensions import db
from backend.sync.purge import purge_tombstones
from tests.support.care_team import clinician_item
from tests.support.sync import (
    mutation,
    new_episode,
    new_item,
    pull,
    pull_to_end,
    push_ok,
    push_one,
)


def ids(changes, entity=None) -> list[str]:
    return [change["id"] for change in changes if entity in (None, change["entity"])]


def test_the_first_pull_returns_everything_in_change_order(client, patient):
    episode, item = new_episode(), new_item()
    push_ok(client, patient, episode, item)
    check = push_one(client, patient, mutation("check", item_id=item["id"], date="2026-01-05", done=True))

    response = pull(client, patient)

    assert response.status_code == 200
    body = response.json
    # A profile never edited gets its change number when first pulled.
    assert [(change["entity"], change["id"]) for change in body["changes"]] == [
        ("episode", episode["id"]),
        ("care_plan_item", item["id"]),
        ("check", check["record"]["id"]),
        ("profile", patient.id),
    ]
    assert body["has_more"] is False
    assert body["cursor"] >= 4


def test_changes_carry_the_rest_representation(client, patient):
    episode = new_episode(severity=7, triggers=["dehydration"])
    push_one(client, patient, episode)
    rest = client.get(f"/api/v1/episodes/{episode['id']}", headers=patient.headers).json

    changes, _ = pull_to_end(client, patient)

    [pulled] = [change for change in changes if change["entity"] == "episode"]
    assert pulled["data"] == rest
    assert (pulled["version"], pulled["deleted"]) == (1, False)


def test_the_first_pull_skips_tombstones(client, patient):
    kept, deleted = new_episode(), new_episode()
    push_ok(client, patient, kept, deleted, mutation("episode", deleted["id"], op="delete"))

    changes, _ = pull_to_end(client, patient)

    assert ids(changes, "episode") == [kept["id"]]


def test_a_later_pull_carries_deletions(client, patient):
    episode = new_episode()
    push_one(client, patient, episode)
    _, cursor = pull_to_end(client, patient)
    push_one(client, patient, mutation("episode", episode["id"], op="delete"))

    changes, _ = pull_to_end(client, patient, cursor)

    assert changes == [
        {"entity": "episode", "id": episode["id"], "version": 2, "deleted": True, "data": None}
    ]


def test_a_record_changed_twice_appears_once_with_its_latest_state(client, patient):
    episode = new_episode()
    push_one(client, patient, episode)
    _, cursor = pull_to_end(client, patient)
    push_ok(
        client,
        patient,
        mutation("episode", episode["id"], base_version=1, severity=1),
        mutation("episode", episode["id"], base_version=2, severity=2),
    )

    changes, _ = pull_to_end(client, patient, cursor)

    assert [(change["id"], change["version"], change["data"]["severity"]) for change in changes] == [
        (episode["id"], 3, 2)
    ]


def test_pages_of_one_return_every_change_once(client, patient):
    sent = [new_episode() for _ in range(4)] + [new_item() for _ in range(3)]
    push_ok(client, patient, *sent)

    changes, cursor = pull_to_end(client, patient, limit=1)

    assert sorted(ids(changes)) == sorted([change["id"] for change in sent] + [patient.id])
    assert len(changes) == len(set(ids(changes)))


def test_a_full_page_says_there_is_more(client, patient):
    push_ok(client, patient, new_episode(), new_episode(), new_episode())

    first = pull(client, patient, limit=2).json
    rest = pull(client, patient, cursor=first["cursor"], limit=2).json

    assert (len(first["changes"]), first["has_more"]) == (2, True)
    assert (len(rest["changes"]), rest["has_more"]) == (2, False)


def test_an_empty_pull_keeps_the_cursor(client, patient):
    push_one(client, patient, new_episode())
    _, cursor = pull_to_end(client, patient)

    body = pull(client, patient, cursor=cursor).json

    assert {key: body[key] for key in ("changes", "cursor", "has_more")} == {
        "changes": [],
        "cursor": cursor,
        "has_more": False,
    }


def test_a_pull_tells_the_device_the_servers_time(client, patient):
    before = utcnow()

    body = pull(client, patient).json

    assert before <= datetime.fromisoformat(body["server_time"]) <= utcnow()


def test_rest_and_clinician_writes_come_in_pulls(client, patient, clinician, app):
    _, cursor = pull_to_end(client, patient)
    response = client.post(
        "/api/v1/episodes", json={"started_at": "2026-11-05T03:00:00+00:00"}, headers=patient.headers
    )
    item_id = clinician_item(app, patient, clinician)

    changes, _ = pull_to_end(client, patient, cursor)

    assert ids(changes) == [response.json["id"], item_id]
    assert changes[1]["data"]["author"]["role"] == "clinician"


def test_a_profile_edit_comes_in_pulls(client, patient):
    _, cursor = pull_to_end(client, patient)
    client.patch("/api/v1/me", json={"display_name": "Sam"}, headers=patient.headers)

    changes, _ = pull_to_end(client, patient, cursor)

    assert [(change["entity"], change["data"]["display_name"]) for change in changes] == [("profile", "Sam")]


def test_pulls_only_show_my_own_records(client, patient, other_patient):
    push_one(client, other_patient, new_episode())

    changes, _ = pull_to_end(client, patient)

    assert ids(changes) == [patient.id]


def test_pull_needs_a_token(client):
    assert client.get("/api/v1/sync/pull").status_code == 401


def test_clinicians_cannot_pull(client, clinician):
    assert pull(client, clinician).status_code == 403


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 1001}, {"cursor": -1}, {"cursor": "soon"}])
def test_out_of_range_paging_is_422(client, patient, query):
    response = client.get("/api/v1/sync/pull", query_string=query, headers=patient.headers)

    assert response.status_code == 422
    assert set(response.json["errors"]) == set(query)


def purge_everything_deleted(app) -> None:
    with app.app_context():
        purge_tombstones(utcnow() + timedelta(seconds=1))
        db.session.commit()


def test_a_cursor_below_the_tombstone_horizon_is_410(client, patient, app):
    episode = new_episode()
    push_one(client, patient, episode)
    _, cursor = pull_to_end(client, patient)
    push_one(client, patient, mutation("episode", episode["id"], op="delete"))
    purge_everything_deleted(app)

    response = pull(client, patient, cursor=cursor)

    assert response.status_code == 410
    assert response.json["code"] == 410


def test_a_device_that_saw_the_purged_tombstones_carries_on(client, patient, app):
    episode = new_episode()
    push_one(client, patient, episode)
    push_one(client, patient, mutation("episode", episode["id"], op="delete"))
    _, cursor = pull_to_end(client, patient)
    purge_everything_deleted(app)

    assert pull(client, patient, cursor=cursor).status_code == 200


def test_a_first_pull_works_after_a_purge(client, patient, app):
    kept, deleted = new_episode(), new_episode()
    push_ok(client, patient, kept, deleted, mutation("episode", deleted["id"], op="delete"))
    purge_everything_deleted(app)

    changes, _ = pull_to_end(client, patient)

    assert ids(changes, "episode") == [kept["id"]]


def test_a_cursor_the_server_never_gave_is_410(client, patient):
    _, cursor = pull_to_end(client, patient)

    assert pull(client, patient, cursor=cursor + 1).status_code == 410
