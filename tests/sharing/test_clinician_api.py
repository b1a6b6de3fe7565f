"""The clinician's view of a shared patient: list, summary, diary, plan, checks, and plan edits."""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from backend.careplan.models import CarePlanItem
from backend.changes import ChangeCounter
from backend.database import utcnow
from backend.extensions import db
from tests.factories import item_body
from tests.sharing.conftest import add_episode, add_item, share

TIME_ZONE = "America/New_York"


def local_midnight(days_ago: int) -> datetime:
    today = utcnow().astimezone(ZoneInfo(TIME_ZONE)).date()
    return datetime.combine(today - timedelta(days=days_ago), time(), tzinfo=ZoneInfo(TIME_ZONE))


def cramp_at(client, patient, started_at: datetime) -> dict:
    ended_at = started_at + timedelta(minutes=2)
    return add_episode(client, patient, started_at=started_at.isoformat(), ended_at=ended_at.isoformat())


def local_day(days_ago: int) -> str:
    return (utcnow().astimezone(ZoneInfo(TIME_ZONE)).date() - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def new_yorker(make_actor):
    return make_actor("patient", timezone=TIME_ZONE)


def test_patient_list_counts_cramps_by_the_patients_own_days(client, new_yorker, clinician):
    minute = timedelta(minutes=1)
    latest = cramp_at(client, new_yorker, utcnow() - timedelta(hours=1))
    cramp_at(client, new_yorker, local_midnight(6) + minute)
    cramp_at(client, new_yorker, local_midnight(6) - minute)
    cramp_at(client, new_yorker, local_midnight(27) + minute)
    cramp_at(client, new_yorker, local_midnight(27) - minute)
    deleted = cramp_at(client, new_yorker, utcnow() - timedelta(hours=2))
    client.delete(f"/api/v1/episodes/{deleted['id']}", headers=new_yorker.headers)
    made = share(client, new_yorker, clinician, "view")

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert row["id"] == new_yorker.id
    assert row["timezone"] == TIME_ZONE
    assert row["share"] == {"id": made["id"], "permission": "view", "expires_at": None}
    assert row["last_cramp_at"] == latest["started_at"]
    assert (row["cramps_last_7_days"], row["cramps_last_28_days"]) == (2, 4)


def test_patient_list_shows_no_cramps_as_zero(client, patient, clinician):
    share(client, patient, clinician)

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert (row["last_cramp_at"], row["cramps_last_7_days"], row["cramps_last_28_days"]) == (None, 0, 0)


def test_last_change_is_the_patients_latest_write(client, patient, clinician):
    share(client, patient, clinician)
    episode = add_episode(client, patient)
    edited = client.patch(
        f"/api/v1/episodes/{episode['id']}", json={"severity": 3}, headers=patient.headers
    ).json

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert row["last_change_at"] == edited["updated_at"]


def test_patient_list_puts_urgent_warning_signs_first(client, monkeypatch, make_actor, clinician):
    calm, worrying = make_actor("patient"), make_actor("patient")
    share(client, calm, clinician)
    share(client, worrying, clinician)
    urgent = {"code": "swelling_redness", "level": "urgent"}
    advice = {"code": "frequent", "level": "advice"}
    monkeypatch.setattr(
        "backend.insights.service.warning_summaries",
        lambda patients: {uuid.UUID(worrying.id): [urgent, advice], uuid.UUID(calm.id): [advice]},
    )

    rows = client.get("/api/v1/patients", headers=clinician.headers).json

    assert [row["id"] for row in rows] == [worrying.id, calm.id]
    assert rows[0]["warning_signs"] == {
        "count": 2,
        "levels": {"urgent": 1, "advice": 1, "info": 0},
        "codes": ["swelling_redness", "frequent"],
    }


def test_patient_list_shows_real_warning_signs(client, patient, clinician):
    add_episode(
        client,
        patient,
        muscle="calf",
        symptoms=["swelling", "redness"],
        started_at=utcnow().isoformat(),
        ended_at=None,
    )
    share(client, patient, clinician)

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert row["warning_signs"]["levels"]["urgent"] >= 1


def test_summary_adds_the_profile_and_plan(client, make_actor, clinician):
    medications = [{"name": "Atorvastatin", "class": "statin", "started_on": None}]
    patient = make_actor("patient", conditions=["diabetes"], medications=medications)
    add_item(client, patient)
    paused = add_item(client, patient)
    client.patch(
        f"/api/v1/care-plan/items/{paused['id']}", json={"status": "paused"}, headers=patient.headers
    )
    share(client, patient, clinician)

    summary = client.get(f"/api/v1/patients/{patient.id}", headers=clinician.headers).json

    assert summary["id"] == patient.id
    assert summary["conditions"] == ["diabetes"]
    assert summary["medications"] == medications
    assert summary["active_care_plan_items"] == 1
    assert summary["cramps_last_7_days"] == 0


def test_unknown_patient_is_404(client, clinician):
    assert client.get(f"/api/v1/patients/{uuid.uuid4()}", headers=clinician.headers).status_code == 404


def test_episodes_are_paged_like_the_patients_own(client, patient, viewer, other_patient):
    for hour in range(3):
        add_episode(client, patient, started_at=f"2026-11-05T0{hour}:00:00+00:00", ended_at=None)
    add_episode(client, other_patient)

    response = client.get(f"/api/v1/patients/{patient.id}/episodes?page_size=2", headers=viewer.headers)

    assert response.status_code == 200
    assert [episode["started_at"][:13] for episode in response.json] == ["2026-11-05T02", "2026-11-05T01"]
    assert '"total": 3' in response.headers["X-Pagination"]


def test_episodes_filter_by_night(client, patient, viewer):
    add_episode(client, patient, started_at="2026-11-05T03:00:00+00:00", ended_at=None)
    wanted = add_episode(client, patient, started_at="2026-11-07T03:00:00+00:00", ended_at=None)

    response = client.get(
        f"/api/v1/patients/{patient.id}/episodes?from=2026-11-06&to=2026-11-06", headers=viewer.headers
    )

    assert [episode["id"] for episode in response.json] == [wanted["id"]]


def test_episodes_refuse_a_bad_date(client, patient, viewer):
    response = client.get(f"/api/v1/patients/{patient.id}/episodes?from=yesterday", headers=viewer.headers)

    assert response.status_code == 422


def tick(client, patient, item, days_ago, done=True):
    response = client.put(
        f"/api/v1/care-plan/items/{item['id']}/checks/{local_day(days_ago)}",
        json={"done": done},
        headers=patient.headers,
    )
    assert response.status_code in (200, 201), response.json


def test_care_plan_shows_adherence_over_14_days(client, new_yorker, clinician):
    item = add_item(client, new_yorker, schedule="bedtime", start_date=local_day(20))
    for days_ago in (0, 1, 13):
        tick(client, new_yorker, item, days_ago)
    tick(client, new_yorker, item, 2, done=False)
    tick(client, new_yorker, item, 14)
    share(client, new_yorker, clinician)

    plan = client.get(f"/api/v1/patients/{new_yorker.id}/care-plan", headers=clinician.headers).json

    assert (plan["from"], plan["to"]) == (local_day(13), local_day(0))
    [shown] = plan["items"]
    assert shown["title"] == item["title"]
    assert shown["adherence"] == {"days_in_plan": 14, "done": 3, "skipped": 1, "rate": 0.21}


def test_adherence_counts_only_days_the_item_was_in_the_plan(client, new_yorker, clinician):
    item = add_item(client, new_yorker, schedule="daily", start_date=local_day(3))
    tick(client, new_yorker, item, 0)
    as_needed = add_item(client, new_yorker, schedule="as_needed", start_date=local_day(3))
    share(client, new_yorker, clinician)

    daily, occasional = client.get(
        f"/api/v1/patients/{new_yorker.id}/care-plan", headers=clinician.headers
    ).json["items"]

    assert daily["adherence"] == {"days_in_plan": 4, "done": 1, "skipped": 0, "rate": 0.25}
    assert occasional["id"] == as_needed["id"]
    assert occasional["adherence"]["rate"] is None


def test_checks_default_to_the_last_two_weeks(client, new_yorker, clinician):
    item = add_item(client, new_yorker, start_date=local_day(20))
    for days_ago in (0, 13, 14):
        tick(client, new_yorker, item, days_ago)
    share(client, new_yorker, clinician)

    checks = client.get(f"/api/v1/patients/{new_yorker.id}/checks", headers=clinician.headers).json

    assert [check["date"] for check in checks] == [local_day(13), local_day(0)]


def test_checks_between_days(client, new_yorker, clinician):
    item = add_item(client, new_yorker, start_date=local_day(20))
    for days_ago in (0, 15, 16):
        tick(client, new_yorker, item, days_ago)
    share(client, new_yorker, clinician)

    checks = client.get(
        f"/api/v1/patients/{new_yorker.id}/checks?from={local_day(16)}&to={local_day(15)}",
        headers=clinician.headers,
    ).json

    assert [check["date"] for check in checks] == [local_day(16), local_day(15)]


def test_insights_refuse_a_bad_window(client, patient, viewer):
    response = client.get(f"/api/v1/patients/{patient.id}/insights?days=0", headers=viewer.headers)

    assert response.status_code == 422
    assert "days" in response.json["errors"]


def clinician_add(client, patient, clinician, **fields):
    return client.post(
        f"/api/v1/patients/{patient.id}/care-plan/items", json=item_body(**fields), headers=clinician.headers
    )


def test_clinician_item_is_marked_as_theirs_and_reaches_the_patient(client, patient, editor):
    response = clinician_add(client, patient, editor, note_for_patient="Three minutes is enough.")

    assert response.status_code == 201
    created = response.json
    assert created["author"] == {"id": editor.id, "role": "clinician", "display_name": "Clinician 2"}
    assert created["note_for_patient"] == "Three minutes is enough."
    own = client.get(f"/api/v1/care-plan/items/{created['id']}", headers=patient.headers).json
    assert own["note_for_patient"] == "Three minutes is enough."


def test_clinician_writes_advance_the_patients_change_counter(app, client, patient, editor):
    with app.app_context():
        before = db.session.get(ChangeCounter, uuid.UUID(patient.id)).last_change_seq

    created = clinician_add(client, patient, editor).json
    client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{created['id']}",
        json={"title": "New"},
        headers=editor.headers,
    )

    with app.app_context():
        counter = db.session.get(ChangeCounter, uuid.UUID(patient.id)).last_change_seq
        item = db.session.get(CarePlanItem, uuid.UUID(created["id"]))
        assert counter == before + 2
        assert item.change_seq == counter


def test_repeating_a_clinician_create_returns_the_stored_item(client, patient, editor):
    body = item_body()
    path = f"/api/v1/patients/{patient.id}/care-plan/items"
    client.post(path, json=body, headers=editor.headers)

    again = client.post(path, json={**body, "title": "Other"}, headers=editor.headers)

    assert again.status_code == 200
    assert again.json["title"] == body["title"]


def test_clinician_create_refuses_bad_fields(client, patient, editor):
    response = clinician_add(client, patient, editor, title="", note_for_patient="x" * 2001)

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"title", "note_for_patient"}


def test_clinician_edit_takes_over_authorship(client, patient, editor):
    item = add_item(client, patient)

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"instructions": "Hold each stretch for 30 seconds.", "version": 1},
        headers=editor.headers,
    )

    assert response.status_code == 200
    assert response.json["author"]["id"] == editor.id
    assert response.json["version"] == 2
    assert response.headers["ETag"] == '"2"'


def test_stale_clinician_edit_gets_409_with_the_current_item(client, patient, editor):
    item = add_item(client, patient)
    client.patch(
        f"/api/v1/care-plan/items/{item['id']}", json={"title": "Patient's words"}, headers=patient.headers
    )

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"title": "Clinician's words", "version": 1},
        headers=editor.headers,
    )

    assert response.status_code == 409
    assert response.json["current"]["title"] == "Patient's words"
    assert response.json["current"]["version"] == 2


def test_stale_if_match_gets_409(client, patient, editor):
    item = add_item(client, patient)

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"title": "Clinician's words"},
        headers={**editor.headers, "If-Match": '"7"'},
    )

    assert response.status_code == 409
    assert response.json["current"]["version"] == 1


def test_clinician_can_clear_their_note(client, patient, editor):
    created = clinician_add(client, patient, editor, note_for_patient="Call me if it gets worse.").json

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{created['id']}",
        json={"note_for_patient": None},
        headers=editor.headers,
    )

    assert response.json["note_for_patient"] is None


def test_patients_cannot_write_the_note(client, patient):
    item = add_item(client, patient)

    created = client.post(
        "/api/v1/care-plan/items", json=item_body(note_for_patient="mine"), headers=patient.headers
    )
    edited = client.patch(
        f"/api/v1/care-plan/items/{item['id']}", json={"note_for_patient": "mine"}, headers=patient.headers
    )

    assert (created.status_code, edited.status_code) == (422, 422)


def test_clinician_cannot_reach_another_patients_item(client, patient, other_patient, editor):
    foreign = add_item(client, other_patient)

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{foreign['id']}",
        json={"title": "x"},
        headers=editor.headers,
    )

    assert response.status_code == 404


def test_clinician_delete_leaves_a_tombstone(app, client, patient, editor):
    item = add_item(client, patient)

    response = client.delete(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}", headers=editor.headers
    )

    assert response.status_code == 204
    assert client.get("/api/v1/care-plan", headers=patient.headers).json["items"] == []
    with app.app_context():
        assert db.session.get(CarePlanItem, uuid.UUID(item["id"])).deleted_at is not None


def test_edit_permission_is_needed_for_every_write(client, patient, viewer):
    item = add_item(client, patient)
    base = f"/api/v1/patients/{patient.id}/care-plan/items"

    answers = [
        client.post(base, json=item_body(), headers=viewer.headers),
        client.patch(f"{base}/{item['id']}", json={"title": "x"}, headers=viewer.headers),
        client.delete(f"{base}/{item['id']}", headers=viewer.headers),
    ]

    assert [response.status_code for response in answers] == [403, 403, 403]
    assert client.get(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers).json["version"] == 1


def test_checks_refuse_a_bad_date(client, patient, viewer):
    response = client.get(f"/api/v1/patients/{patient.id}/checks?to=someday", headers=viewer.headers)

    assert response.status_code == 422


def test_clinician_edit_refuses_bad_fields(client, patient, editor):
    item = add_item(client, patient)

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"status": "finished", "version": "1"},
        headers=editor.headers,
    )

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"status", "version"}


def test_insights_cover_the_days_asked_for(client, patient, viewer):
    add_episode(client, patient, started_at=utcnow().isoformat(), ended_at=None)

    response = client.get(f"/api/v1/patients/{patient.id}/insights?days=30", headers=viewer.headers)

    assert response.status_code == 200
    assert response.json["days"] == 30
    assert response.json["timezone"] == "Europe/London"


def test_warnings_name_the_episodes_behind_them(client, patient, viewer):
    episode = add_episode(
        client, patient, muscle="calf", symptoms=["swelling"], started_at=utcnow().isoformat(), ended_at=None
    )

    warnings = client.get(f"/api/v1/patients/{patient.id}/warnings", headers=viewer.headers).json

    urgent = [warning for warning in warnings if warning["level"] == "urgent"]
    assert urgent
    assert episode["id"] in urgent[0]["evidence"]["episode_ids"]


def test_checks_of_a_removed_item_are_not_listed(client, new_yorker, clinician):
    item = add_item(client, new_yorker, start_date=local_day(5))
    tick(client, new_yorker, item, 0)
    client.delete(f"/api/v1/care-plan/items/{item['id']}", headers=new_yorker.headers)
    share(client, new_yorker, clinician)

    assert client.get(f"/api/v1/patients/{new_yorker.id}/checks", headers=clinician.headers).json == []
