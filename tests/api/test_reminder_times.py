"""Reminder times: the patient sets them on their items and profile by every door; a clinician
may only suggest one, on an item a clinician wrote, and the patient decides."""

import datetime
import uuid

import pytest

from backend.auth.models import User
from backend.careplan.models import CarePlanItem
from tests.support.care_team import clinician_item, share
from tests.support.factories import item_body
from tests.support.sync import mutation, pull_to_end, push_one

ITEMS = "/api/v1/care-plan/items"


def set_by_rest(client, patient, item_id, **fields) -> None:
    response = client.patch(f"{ITEMS}/{item_id}", json=fields, headers=patient.headers)
    assert response.status_code == 200, response.json


def set_by_sync(client, patient, item_id, **fields) -> None:
    assert push_one(client, patient, mutation("care_plan_item", item_id, **fields))["status"] == "applied"


@pytest.mark.parametrize("door", [set_by_rest, set_by_sync])
def test_the_patient_turns_a_reminder_on_and_off_by_every_door(client, patient, rows, door):
    item_id = client.post(ITEMS, json=item_body(), headers=patient.headers).json["id"]

    door(client, patient, item_id, reminder_at="21:45")
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    assert stored.reminder_at == datetime.time(21, 45)
    changes, _ = pull_to_end(client, patient)
    assert [change["data"]["reminder_at"] for change in changes if change["id"] == item_id] == ["21:45"]

    door(client, patient, item_id, reminder_at=None)
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    assert stored.reminder_at is None


def test_an_item_can_be_created_with_its_reminder(client, patient):
    created = client.post(ITEMS, json=item_body(reminder_at="22:10"), headers=patient.headers)

    assert created.status_code == 201
    assert (created.json["reminder_at"], created.json["suggested_reminder_at"]) == ("22:10", None)


@pytest.mark.parametrize("value", ["24:00", "22:60", "22:00:00", "10pm", "", 2200])
def test_a_time_that_does_not_exist_is_refused_and_nothing_is_written(client, patient, rows, value):
    item_id = client.post(ITEMS, json=item_body(), headers=patient.headers).json["id"]

    response = client.patch(
        f"{ITEMS}/{item_id}", json={"reminder_at": value, "status": "paused"}, headers=patient.headers
    )
    pushed = mutation("care_plan_item", item_id, reminder_at=value, status="paused")
    result = push_one(client, patient, pushed)

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"reminder_at"}
    assert result["status"] == "rejected"
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    assert (stored.status, stored.reminder_at, stored.version) == ("active", None, 1)


# ---- the clinician suggests; the patient decides --------------------------------------------


@pytest.fixture
def editing_clinician(client, patient, clinician):
    share(client, patient, clinician, permission="edit_plan")
    return clinician


def clinician_patch(client, clinician, patient, item_id, **fields):
    return client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item_id}", json=fields, headers=clinician.headers
    )


def test_a_clinician_suggests_a_time_and_the_patient_takes_it(app, client, patient, editing_clinician, rows):
    item_id = clinician_item(app, patient, editing_clinician, schedule="bedtime")

    suggested = clinician_patch(client, editing_clinician, patient, item_id, suggested_reminder_at="21:30")
    assert suggested.status_code == 200, suggested.json
    (mine,) = [item for item in client.get("/api/v1/care-plan", headers=patient.headers).json["items"]]
    assert (mine["suggested_reminder_at"], mine["reminder_at"]) == ("21:30", None)

    set_by_rest(client, patient, item_id, reminder_at=mine["suggested_reminder_at"])
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    # Taking the suggestion leaves the item the clinician's.
    assert (stored.reminder_at, stored.author_role) == (datetime.time(21, 30), "clinician")


def test_a_clinician_can_suggest_a_time_when_writing_the_item(client, patient, editing_clinician):
    response = client.post(
        f"/api/v1/patients/{patient.id}/care-plan/items",
        json=item_body(suggested_reminder_at="21:00"),
        headers=editing_clinician.headers,
    )

    assert response.status_code == 201, response.json
    assert (response.json["suggested_reminder_at"], response.json["reminder_at"]) == ("21:00", None)


def test_a_clinician_cannot_set_the_patients_reminder(app, client, patient, editing_clinician, rows):
    item_id = clinician_item(app, patient, editing_clinician)

    response = clinician_patch(
        client, editing_clinician, patient, item_id, reminder_at="21:30", status="paused"
    )
    created = client.post(
        f"/api/v1/patients/{patient.id}/care-plan/items",
        json=item_body(reminder_at="21:00"),
        headers=editing_clinician.headers,
    )

    assert response.status_code == 403
    assert set(response.json["errors"]) == {"reminder_at"}
    assert "suggest" in response.json["message"]
    assert created.status_code == 403
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    assert (stored.reminder_at, stored.status) == (None, "active")


def test_a_clinician_suggests_only_on_an_item_a_clinician_wrote(client, patient, editing_clinician, rows):
    item_id = client.post(ITEMS, json=item_body(), headers=patient.headers).json["id"]

    response = clinician_patch(client, editing_clinician, patient, item_id, suggested_reminder_at="21:30")

    assert response.status_code == 403
    assert set(response.json["errors"]) == {"suggested_reminder_at"}
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    assert stored.suggested_reminder_at is None


def test_a_patient_cannot_write_the_suggestion_by_any_door(app, client, patient, clinician, rows):
    item_id = clinician_item(app, patient, clinician)

    response = client.patch(
        f"{ITEMS}/{item_id}", json={"suggested_reminder_at": "05:00"}, headers=patient.headers
    )
    result = push_one(client, patient, mutation("care_plan_item", item_id, suggested_reminder_at="05:00"))

    assert response.status_code == 422
    assert "suggested_reminder_at" in response.json["errors"]
    assert result["status"] == "rejected"
    assert "suggested_reminder_at" in result["errors"]
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    assert stored.suggested_reminder_at is None


# ---- the profile's bedtime and morning reminder ------------------------------------------------


@pytest.mark.parametrize("door", ["rest", "sync"])
def test_bedtime_and_the_morning_reminder_are_set_by_every_door(client, patient, rows, door):
    fields = {"bedtime": "22:30", "morning_reminder_at": "07:45"}
    if door == "rest":
        response = client.patch("/api/v1/me", json=fields, headers=patient.headers)
        assert response.status_code == 200, response.json
    else:
        assert push_one(client, patient, mutation("profile", patient.id, **fields))["status"] == "applied"

    (stored,) = rows(User, id=uuid.UUID(patient.id))
    assert (stored.bedtime, stored.morning_reminder_at) == (datetime.time(22, 30), datetime.time(7, 45))
    profile = client.get("/api/v1/me", headers=patient.headers).json
    assert (profile["bedtime"], profile["morning_reminder_at"]) == ("22:30", "07:45")


def test_a_bedtime_that_does_not_exist_is_refused(client, patient, rows):
    response = client.patch(
        "/api/v1/me", json={"bedtime": "25:00", "display_name": "Changed"}, headers=patient.headers
    )

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"bedtime"}
    (stored,) = rows(User, id=uuid.UUID(patient.id))
    assert stored.bedtime is None
    assert stored.display_name != "Changed"


@pytest.mark.parametrize("schedule", ["weekly", "as_needed"])
def test_only_bedtime_and_daily_steps_take_a_reminder(client, patient, rows, schedule):
    item_id = client.post(ITEMS, json=item_body(schedule=schedule), headers=patient.headers).json["id"]

    response = client.patch(f"{ITEMS}/{item_id}", json={"reminder_at": "09:00"}, headers=patient.headers)
    result = push_one(client, patient, mutation("care_plan_item", item_id, reminder_at="09:00"))

    assert response.status_code == 422
    assert response.json["errors"] == {"reminder_at": ["Reminders are for bedtime and daily steps."]}
    assert result["status"] == "rejected"
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item_id))
    assert stored.reminder_at is None


def test_a_step_that_becomes_weekly_keeps_its_reminder_time(client, patient, rows):
    item = client.post(
        ITEMS, json=item_body(schedule="daily", reminder_at="09:00"), headers=patient.headers
    ).json

    response = client.patch(f"{ITEMS}/{item['id']}", json={"schedule": "weekly"}, headers=patient.headers)

    assert response.status_code == 200
    assert response.json["reminder_at"] == "09:00"
