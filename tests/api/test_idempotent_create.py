"""Records born offline take the client's id: a repeated or racing create never makes a second row."""

import threading
import uuid

from backend.careplan.models import CarePlanCheck, CarePlanItem
from backend.episodes.models import Episode, EpisodeRelief, EpisodeRevision, EpisodeTrigger
from tests.support.factories import CHECK_DAY, episode_body, item_body


def test_posting_the_same_episode_twice_makes_one_row(client, patient, rows):
    body = episode_body()

    first = client.post("/api/v1/episodes", json=body, headers=patient.headers)
    second = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json == first.json
    assert len(rows(Episode)) == 1


def test_repeated_episode_create_returns_the_stored_record_unchanged(client, patient, episode):
    repeat = episode_body(id=episode["id"], severity=1, notes="A different body.")

    response = client.post("/api/v1/episodes", json=repeat, headers=patient.headers)

    assert response.status_code == 200
    assert response.json == episode


def test_posting_the_same_item_twice_makes_one_row(client, patient, rows):
    body = item_body()

    first = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers)
    second = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json == first.json
    assert len(rows(CarePlanItem)) == 1


def test_putting_the_same_check_twice_makes_one_row(client, patient, item, rows):
    url = f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}"

    first = client.put(url, json={"done": True}, headers=patient.headers)
    second = client.put(url, json={"done": True}, headers=patient.headers)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json["id"] == first.json["id"]
    assert len(rows(CarePlanCheck)) == 1


def test_creating_an_episode_with_another_patients_id_is_not_found(client, other_patient, episode, rows):
    response = client.post(
        "/api/v1/episodes", json=episode_body(id=episode["id"]), headers=other_patient.headers
    )

    assert response.status_code == 404
    (stored,) = rows(Episode)
    assert str(stored.patient_id) != other_patient.id


def test_creating_an_item_with_another_patients_id_is_not_found(client, other_patient, item, rows):
    response = client.post(
        "/api/v1/care-plan/items",
        json=item_body(id=item["id"], title="Mine now"),
        headers=other_patient.headers,
    )

    assert response.status_code == 404
    (stored,) = rows(CarePlanItem)
    assert stored.title == item["title"]


def send_at_once(app, requests: list[dict]) -> list:
    """Send each request from its own thread, released together; each has its own app context."""
    barrier = threading.Barrier(len(requests))
    outcomes: list = [None] * len(requests)

    def send(index: int, request: dict) -> None:
        client = app.test_client()
        barrier.wait(timeout=10)
        try:
            response = client.open(**request)
            outcomes[index] = (response.status_code, response.json)
        except Exception as error:  # noqa: BLE001 - reported by the test, not lost in the thread
            outcomes[index] = error

    threads = [threading.Thread(target=send, args=(index, request)) for index, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_racing_creates_of_one_new_episode_make_one_row(app, patient, rows):
    # A few rounds, so an unlucky interleaving has several chances to show.
    for _ in range(3):
        body = episode_body()
        request = {"path": "/api/v1/episodes", "method": "POST", "json": body, "headers": patient.headers}

        outcomes = send_at_once(app, [request, request])

        assert sorted(outcome[0] for outcome in outcomes) == [200, 201], outcomes
        assert outcomes[0][1] == outcomes[1][1]
        assert len(rows(Episode, id=uuid.UUID(body["id"]))) == 1


def test_racing_creates_of_one_new_item_make_one_row(app, patient, rows):
    body = item_body()
    request = {"path": "/api/v1/care-plan/items", "method": "POST", "json": body, "headers": patient.headers}

    outcomes = send_at_once(app, [request, request])

    assert sorted(outcome[0] for outcome in outcomes) == [200, 201], outcomes
    assert len(rows(CarePlanItem)) == 1


def test_racing_checks_of_one_day_make_one_row(app, patient, item, rows):
    # Two devices tick the same day, each with its own id for the check.
    requests = [
        {
            "path": f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}",
            "method": "PUT",
            "json": {"id": str(uuid.uuid4()), "done": done},
            "headers": patient.headers,
        }
        for done in (True, False)
    ]

    outcomes = send_at_once(app, requests)

    assert sorted(outcome[0] for outcome in outcomes) == [200, 201], outcomes
    (stored,) = rows(CarePlanCheck)
    assert stored.version == 2


def test_a_created_episode_has_its_codes_and_its_first_revision(client, patient, rows):
    body = episode_body(
        triggers=["stress", "dehydration"], reliefs=[{"method": "stretching", "effect": "full"}]
    )

    created = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert created.status_code == 201
    episode_id = uuid.UUID(body["id"])
    assert sorted(row.trigger for row in rows(EpisodeTrigger, episode_id=episode_id)) == [
        "dehydration",
        "stress",
    ]
    assert [(row.method, row.effect) for row in rows(EpisodeRelief, episode_id=episode_id)] == [
        ("stretching", "full")
    ]
    (revision,) = rows(EpisodeRevision, episode_id=episode_id)
    assert (revision.version, revision.source) == (1, "write")
    assert revision.snapshot["triggers"] == ["dehydration", "stress"]
    assert revision.snapshot["reliefs"] == [{"method": "stretching", "effect": "full"}]
    assert revision.snapshot["deleted"] is False
    (stored,) = rows(Episode, id=episode_id)
    assert stored.change_seq > 0


def test_a_repeated_create_takes_no_change_number(client, patient, episode):
    listed = client.get("/api/v1/episodes", headers=patient.headers)

    repeat = client.post("/api/v1/episodes", json=episode_body(id=episode["id"]), headers=patient.headers)

    assert repeat.status_code == 200
    again = client.get(
        "/api/v1/episodes", headers={**patient.headers, "If-None-Match": listed.headers["ETag"]}
    )
    assert again.status_code == 304
