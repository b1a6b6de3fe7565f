"""Clinicians with edit_plan write the patient's care plan: authorship, versions, sync, notes."""

import uuid

from backend.careplan.models import CarePlanItem
from backend.changes import counter_position
from backend.extensions import db
from tests.support.care_team import add_item, share
from tests.support.factories import item_body


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
        before = counter_position(uuid.UUID(patient.id))[0]

    created = clinician_add(client, patient, editor).json
    client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{created['id']}",
        json={"title": "New"},
        headers=editor.headers,
    )

    with app.app_context():
        counter = counter_position(uuid.UUID(patient.id))[0]
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


def test_another_clinicians_rewrite_takes_over_authorship(client, patient, editor, make_actor):
    item = clinician_add(client, patient, editor).json
    colleague = make_actor("clinician")
    colleague.share = share(client, patient, colleague, "edit_plan")

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"instructions": "Hold each stretch for 30 seconds.", "version": 1},
        headers=colleague.headers,
    )

    assert response.status_code == 200
    assert response.json["author"]["id"] == colleague.id
    assert response.json["version"] == 2
    assert response.headers["ETag"] == '"2"'


def test_clinician_cannot_rewrite_what_the_patient_wrote(client, patient, editor, rows):
    item = add_item(client, patient, title="Warm socks")

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"title": "Compression socks", "instructions": "Every morning."},
        headers=editor.headers,
    )

    assert response.status_code == 403
    assert "The patient wrote this item" in response.json["message"]
    assert set(response.json["errors"]) == {"title", "instructions"}
    (stored,) = rows(CarePlanItem, id=uuid.UUID(item["id"]))
    assert (stored.title, stored.version, stored.author_role) == ("Warm socks", 1, "patient")


def test_clinician_may_pause_a_patients_item_and_leave_a_note(client, patient, editor):
    item = add_item(client, patient)

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"status": "paused", "note_for_patient": "Let's pause this until your visit."},
        headers=editor.headers,
    )

    assert response.status_code == 200
    assert (response.json["status"], response.json["author"]["id"]) == ("paused", patient.id)
    assert response.json["note_for_patient"] == "Let's pause this until your visit."


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


def test_clinician_edit_refuses_bad_fields(client, patient, editor):
    item = add_item(client, patient)

    response = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{item['id']}",
        json={"status": "finished", "version": "1"},
        headers=editor.headers,
    )

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"status", "version"}
