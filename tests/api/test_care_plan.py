"""The patient's own care plan: items added, read, edited and removed."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from backend.careplan.models import CarePlanItem
from tests.support.factories import item_body


def test_create_item_answers_201_with_defaults_filled_in(client, patient):
    body = item_body(time_of_day="22:00")

    response = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers)

    assert response.status_code == 201
    item = response.json
    assert item["id"] == body["id"]
    assert item["title"] == body["title"]
    assert item["time_of_day"] == "22:00"
    assert item["status"] == "active"
    assert item["end_date"] is None
    assert item["version"] == 1
    assert item["patient_id"] == patient.id
    assert item["author"] == {"id": patient.id, "role": "patient", "display_name": "Patient 1"}


def test_create_item_starts_today_in_the_patients_time_zone(client, patient):
    body = item_body()

    response = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers)

    today_in_london = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    assert response.json["start_date"] == today_in_london


def test_create_item_is_refused_to_a_clinician(client, clinician):
    response = client.post("/api/v1/care-plan/items", json=item_body(), headers=clinician.headers)

    assert response.status_code == 403


def test_care_plan_lists_my_items_in_the_order_added(client, patient, other_patient, add_item):
    first = add_item(title="Stretch")
    second = add_item(title="Drink water", category="hydration", schedule="daily")
    add_item(actor=other_patient)

    response = client.get("/api/v1/care-plan", headers=patient.headers)

    assert response.status_code == 200
    assert response.json["patient_id"] == patient.id
    assert [item["id"] for item in response.json["items"]] == [first["id"], second["id"]]


def test_care_plan_is_refused_to_a_clinician(client, clinician):
    assert client.get("/api/v1/care-plan", headers=clinician.headers).status_code == 403


def test_get_item_returns_it_with_an_etag(client, patient, item):
    response = client.get(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers)

    assert response.status_code == 200
    assert response.json == item
    assert response.headers["ETag"] == '"1"'


def test_patch_item_pauses_it(client, patient, item):
    response = client.patch(
        f"/api/v1/care-plan/items/{item['id']}", json={"status": "paused"}, headers=patient.headers
    )

    assert response.status_code == 200
    assert response.json["status"] == "paused"
    assert response.json["title"] == item["title"]
    assert response.json["version"] == 2
    assert response.headers["ETag"] == '"2"'


def test_delete_item_removes_it_from_the_plan(client, patient, item):
    response = client.delete(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers)

    assert response.status_code == 204
    assert client.get("/api/v1/care-plan", headers=patient.headers).json["items"] == []
    assert client.get(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers).status_code == 404


INVALID_ITEM_FIELDS = [
    ({"category": "surgery"}, "category"),
    ({"category": None}, "category"),
    ({"title": ""}, "title"),
    ({"title": "x" * 121}, "title"),
    ({"title": "nul \x00 inside"}, "title"),
    ({"instructions": "x" * 2001}, "instructions"),
    ({"schedule": "hourly"}, "schedule"),
    ({"time_of_day": "25:00"}, "time_of_day"),
    ({"time_of_day": "10pm"}, "time_of_day"),
    ({"status": "finished"}, "status"),
    ({"start_date": "2026-02-30"}, "start_date"),
    ({"start_date": "2026-03-10", "end_date": "2026-03-01"}, "end_date"),
    ({"id": "not-a-uuid"}, "id"),
    ({"author_id": str(uuid.uuid4())}, "author_id"),
    ({"note_for_patient": "From me"}, "note_for_patient"),
    ({"version": 1}, "version"),
]


@pytest.mark.parametrize(("overrides", "field"), INVALID_ITEM_FIELDS, ids=lambda value: repr(value)[:40])
def test_create_item_with_an_invalid_field_is_422_naming_it(client, patient, rows, overrides, field):
    response = client.post("/api/v1/care-plan/items", json=item_body(**overrides), headers=patient.headers)

    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert rows(CarePlanItem) == []


@pytest.mark.parametrize("missing", ["category", "title", "schedule"])
def test_create_item_without_a_required_field_is_422(client, patient, missing):
    body = item_body()
    del body[missing]

    response = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers)

    assert response.status_code == 422
    assert response.json["errors"] == {missing: ["Missing data for required field."]}


def test_patch_item_ending_before_its_stored_start_is_422(client, patient, add_item):
    item = add_item(start_date="2026-03-10")

    response = client.patch(
        f"/api/v1/care-plan/items/{item['id']}", json={"end_date": "2026-03-01"}, headers=patient.headers
    )

    assert response.status_code == 422
    assert "end_date" in response.json["errors"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "done"}, "status"),
        ({"title": ""}, "title"),
        ({"version": 1.5}, "version"),
        ({"x": 1}, "x"),
    ],
)
def test_patch_item_with_an_invalid_field_is_422_and_changes_nothing(
    client, patient, item, rows, changes, field
):
    response = client.patch(f"/api/v1/care-plan/items/{item['id']}", json=changes, headers=patient.headers)

    assert response.status_code == 422
    assert field in response.json["errors"]
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item["id"]))
    assert (stored.version, stored.status, stored.title) == (1, "active", item["title"])


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"status": "stopped"}),
        ("DELETE", "", None),
        ("PUT", "/checks/2026-01-15", {"done": True}),
        ("DELETE", "/checks/2026-01-15", None),
    ],
)
def test_another_patients_item_is_not_found(client, other_patient, item, check, rows, method, suffix, body):
    response = client.open(
        f"/api/v1/care-plan/items/{item['id']}{suffix}",
        method=method,
        json=body,
        headers=other_patient.headers,
    )

    assert response.status_code == 404
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item["id"]))
    assert (stored.version, stored.status, stored.deleted_at) == (1, "active", None)


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"status": "stopped"}),
        ("DELETE", "", None),
        ("PUT", "/checks/2026-01-15", {"done": True}),
        ("DELETE", "/checks/2026-01-15", None),
    ],
)
def test_unknown_item_is_not_found(client, patient, method, suffix, body):
    response = client.open(
        f"/api/v1/care-plan/items/{uuid.uuid4()}{suffix}", method=method, json=body, headers=patient.headers
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "suffix"), [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("PUT", "/checks/2026-01-15")]
)
def test_item_id_that_is_not_a_uuid_is_not_found(client, patient, method, suffix):
    body = None if method in ("GET", "DELETE") else {"done": True}

    response = client.open(
        f"/api/v1/care-plan/items/not-a-uuid{suffix}", method=method, json=body, headers=patient.headers
    )

    assert response.status_code == 404
