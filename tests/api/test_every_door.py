"""One rule, every door: the patient's REST views, the clinician's views and sync give the same
answer to the same case, because each calls the one rule in its domain."""

import uuid
from datetime import timedelta

import pytest

from backend.careplan.models import CarePlanItem
from backend.database import utcnow
from backend.episodes.models import Episode
from backend.extensions import db
from backend.sync.purge import purge_tombstones
from tests.support.care_team import TIME_ZONE, clinician_item, local_day, share
from tests.support.factories import episode_body, item_body
from tests.support.sync import mutation, push_one

# ---- a clinician's item: its title, instructions and schedule are the clinician's ------------


@pytest.fixture
def clinicians_item(app, patient, clinician) -> str:
    return clinician_item(app, patient, clinician, title="Calf stretch, 3 times", schedule="bedtime")


def through_rest(client, patient, item_id, fields) -> tuple[dict, dict]:
    response = client.patch(f"/api/v1/care-plan/items/{item_id}", json=fields, headers=patient.headers)
    assert response.status_code == 403
    return response.json["errors"], response.json


def through_sync(client, patient, item_id, fields) -> tuple[dict, dict]:
    result = push_one(client, patient, mutation("care_plan_item", item_id, base_version=1, **fields))
    assert result["status"] == "rejected"
    return result["errors"], result


@pytest.mark.parametrize("door", [through_rest, through_sync])
def test_a_patients_rewrite_of_a_clinicians_item_is_refused_by_every_door(
    client, patient, clinicians_item, rows, door
):
    errors, answer = door(client, patient, clinicians_item, {"title": "My stretch", "status": "paused"})

    assert set(errors) == {"title"}
    assert "Your clinician wrote this" in errors["title"][0]
    assert "add your own" in errors["title"][0]
    (stored,) = rows(CarePlanItem, id=uuid.UUID(clinicians_item))
    # Refused whole: the status that came with the title is not half-applied.
    assert (stored.title, stored.status, stored.version) == ("Calf stretch, 3 times", "active", 1)


def test_rest_and_sync_refuse_with_the_same_field_errors(client, patient, clinicians_item):
    change = {"instructions": "Only the left leg.", "schedule": "daily"}

    rest_errors, rest = through_rest(client, patient, clinicians_item, change)
    sync_errors, sync = through_sync(client, patient, clinicians_item, change)

    assert rest_errors == sync_errors
    assert "pause or stop it" in rest["message"]
    # Sync hands the device the server's copy to go back to.
    assert sync["record"]["data"]["instructions"] == "Hold 30 s."


@pytest.mark.parametrize("door", ["rest", "sync"])
def test_a_patient_may_pause_a_clinicians_item_by_every_door(client, patient, clinicians_item, rows, door):
    if door == "rest":
        response = client.patch(
            f"/api/v1/care-plan/items/{clinicians_item}", json={"status": "paused"}, headers=patient.headers
        )
        assert response.status_code == 200
    else:
        result = push_one(client, patient, mutation("care_plan_item", clinicians_item, status="paused"))
        assert result["status"] == "applied"

    (stored,) = rows(CarePlanItem, id=uuid.UUID(clinicians_item))
    assert (stored.status, stored.author_role) == ("paused", "clinician")


# ---- adherence: one definition, read by the patient and the clinician -------------------------


def test_the_patient_and_the_clinician_read_the_same_adherence(client, make_actor):
    patient = make_actor("patient", timezone=TIME_ZONE)
    clinician = make_actor("clinician")
    headers = patient.headers
    item = client.post(
        "/api/v1/care-plan/items", json=item_body(schedule="daily", start_date=local_day(5)), headers=headers
    ).json
    for days_ago in (4, 3):
        client.put(
            f"/api/v1/care-plan/items/{item['id']}/checks/{local_day(days_ago)}",
            json={"done": True},
            headers=headers,
        )
    client.patch(f"/api/v1/care-plan/items/{item['id']}", json={"status": "paused"}, headers=headers)
    share(client, patient, clinician)

    insights = client.get("/api/v1/insights?days=14", headers=headers).json
    plan = client.get(f"/api/v1/patients/{patient.id}/care-plan", headers=clinician.headers).json

    (patients,) = insights["adherence"]
    (clinicians,) = [shown["adherence"] for shown in plan["items"]]
    assert {name: patients[name] for name in clinicians} == clinicians
    # By hand: in the plan from 5 days ago; paused today, which is not ticked, so days 5..1 are
    # scheduled: 5 days, 2 done.
    assert (clinicians["scheduled_days"], clinicians["expected"], clinicians["done"]) == (5, 5, 2)
    assert clinicians["rate"] == 0.4


# ---- creating with an id that exists -------------------------------------------------------------


KINDS = {
    "episode": ("/api/v1/episodes", episode_body, Episode),
    "care_plan_item": ("/api/v1/care-plan/items", item_body, CarePlanItem),
}


def rest_create(client, patient, entity, body) -> tuple[str, dict | None]:
    path = KINDS[entity][0]
    response = client.post(path, json=body, headers=patient.headers)
    return {200: "returned", 201: "created", 409: "deleted"}[response.status_code], response.json


def sync_create(client, patient, entity, body) -> tuple[str, dict | None]:
    fields = {name: value for name, value in body.items() if name != "id"}
    result = push_one(client, patient, mutation(entity, body["id"], **fields))
    if result["status"] == "conflict" and result["record"]["deleted"]:
        return "deleted", result
    return {"applied": "returned" if result["record"]["version"] == 1 else "changed"}[
        result["status"]
    ], result


def stored_then(app, client, patient, entity, state) -> dict:
    """A record made through REST, then left live, deleted, or deleted and purged."""
    path, make_body, _ = KINDS[entity]
    body = make_body()
    assert client.post(path, json=body, headers=patient.headers).status_code == 201
    if state != "live":
        assert client.delete(f"{path}/{body['id']}", headers=patient.headers).status_code == 204
    if state == "purged":
        with app.app_context():
            purge_tombstones(utcnow() + timedelta(seconds=1))
            db.session.commit()
    return body


@pytest.mark.parametrize("entity", list(KINDS))
@pytest.mark.parametrize(
    ("state", "answer"), [("live", "returned"), ("deleted", "deleted"), ("purged", "deleted")]
)
@pytest.mark.parametrize("door", [rest_create, sync_create], ids=["rest", "sync"])
def test_creating_with_an_id_that_exists_gets_one_answer_by_every_door(
    app, client, patient, rows, entity, state, answer, door
):
    body = stored_then(app, client, patient, entity, state)

    outcome, _ = door(client, patient, entity, body)

    assert outcome == answer
    live = [row for row in rows(KINDS[entity][2], id=uuid.UUID(body["id"])) if row.deleted_at is None]
    assert len(live) == (1 if state == "live" else 0)
