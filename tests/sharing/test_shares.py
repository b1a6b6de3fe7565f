"""Listing, changing and ending shares."""

import uuid
from datetime import timedelta

from sqlalchemy import update

from backend.database import utcnow
from backend.extensions import db
from backend.sharing.models import Share
from tests.support.care_team import revoke, share


def test_patient_lists_their_clinicians_with_name_email_and_terms(client, patient, clinician):
    made = share(client, patient, clinician, "edit_plan")

    listed = client.get("/api/v1/shares", headers=patient.headers).json

    assert [entry["id"] for entry in listed] == [made["id"]]
    assert listed[0]["clinician"] == {
        "id": clinician.id,
        "display_name": "Clinician 2",
        "email": clinician.email,
    }
    assert listed[0]["permission"] == "edit_plan"
    assert listed[0]["status"] == "active"


def test_clinician_lists_their_patients_without_the_patients_email(client, patient, other_patient, clinician):
    share(client, patient, clinician)
    share(client, other_patient, clinician)

    listed = client.get("/api/v1/shares", headers=clinician.headers).json

    assert {entry["patient"]["id"] for entry in listed} == {patient.id, other_patient.id}
    assert all(set(entry["patient"]) == {"id", "display_name"} for entry in listed)


def test_nobody_sees_shares_they_are_not_part_of(client, patient, other_patient, clinician, make_actor):
    share(client, patient, clinician)

    assert client.get("/api/v1/shares", headers=other_patient.headers).json == []
    assert client.get("/api/v1/shares", headers=make_actor("clinician").headers).json == []


def test_listing_shares_needs_a_token(client):
    assert client.get("/api/v1/shares").status_code == 401


def test_patient_changes_the_permission(client, patient, clinician):
    made = share(client, patient, clinician, "view")

    response = client.patch(
        f"/api/v1/shares/{made['id']}", json={"permission": "edit_plan"}, headers=patient.headers
    )

    assert response.status_code == 200
    assert response.json["permission"] == "edit_plan"


def test_a_new_permission_applies_at_once(client, patient, clinician):
    made = share(client, patient, clinician, "edit_plan")
    client.patch(f"/api/v1/shares/{made['id']}", json={"permission": "view"}, headers=patient.headers)

    response = client.post(
        f"/api/v1/patients/{patient.id}/care-plan/items",
        json={"category": "hydration", "title": "Drink water", "schedule": "daily"},
        headers=clinician.headers,
    )

    assert response.status_code == 403


def test_permission_must_be_known(client, patient, clinician):
    made = share(client, patient, clinician)

    response = client.patch(
        f"/api/v1/shares/{made['id']}", json={"permission": "owner"}, headers=patient.headers
    )

    assert response.status_code == 422
    assert "permission" in response.json["errors"]


def test_clinician_cannot_change_the_permission(client, patient, clinician):
    made = share(client, patient, clinician, "view")

    response = client.patch(
        f"/api/v1/shares/{made['id']}", json={"permission": "edit_plan"}, headers=clinician.headers
    )

    assert response.status_code == 403


def test_cannot_change_someone_elses_share(client, patient, other_patient, clinician):
    made = share(client, patient, clinician)

    response = client.patch(
        f"/api/v1/shares/{made['id']}", json={"permission": "edit_plan"}, headers=other_patient.headers
    )

    assert response.status_code == 404


def test_an_ended_share_cannot_be_changed(client, patient, clinician):
    made = share(client, patient, clinician)
    revoke(client, patient, made["id"])

    response = client.patch(
        f"/api/v1/shares/{made['id']}", json={"permission": "edit_plan"}, headers=patient.headers
    )

    assert response.status_code == 409


def test_patient_revokes(client, patient, clinician):
    made = share(client, patient, clinician)

    assert client.delete(f"/api/v1/shares/{made['id']}", headers=patient.headers).status_code == 204

    listed = client.get("/api/v1/shares", headers=patient.headers).json
    assert listed[0]["status"] == "revoked"
    assert listed[0]["revoked_at"] is not None


def test_revocation_closes_access_for_a_token_issued_before_it(client, patient, clinician):
    made = share(client, patient, clinician)
    assert client.get(f"/api/v1/patients/{patient.id}", headers=clinician.headers).status_code == 200

    revoke(client, patient, made["id"])

    assert client.get(f"/api/v1/patients/{patient.id}", headers=clinician.headers).status_code == 404
    assert client.get(f"/api/v1/patients/{patient.id}/episodes", headers=clinician.headers).status_code == 404
    assert client.get("/api/v1/patients", headers=clinician.headers).json == []


def test_clinician_may_end_a_share(client, patient, clinician):
    made = share(client, patient, clinician)

    assert client.delete(f"/api/v1/shares/{made['id']}", headers=clinician.headers).status_code == 204
    assert client.get(f"/api/v1/patients/{patient.id}", headers=clinician.headers).status_code == 404


def test_ending_an_ended_share_is_harmless(client, patient, clinician):
    made = share(client, patient, clinician)
    revoke(client, patient, made["id"])

    assert client.delete(f"/api/v1/shares/{made['id']}", headers=clinician.headers).status_code == 204


def test_cannot_end_someone_elses_share(client, patient, clinician, make_actor, other_patient):
    made = share(client, patient, clinician)

    assert (
        client.delete(f"/api/v1/shares/{made['id']}", headers=make_actor("clinician").headers).status_code
        == 404
    )
    assert client.delete(f"/api/v1/shares/{made['id']}", headers=other_patient.headers).status_code == 404
    assert client.delete(f"/api/v1/shares/{uuid.uuid4()}", headers=patient.headers).status_code == 404


def test_an_expired_share_gives_no_access(app, client, patient, clinician):
    made = share(client, patient, clinician)
    with app.app_context():
        db.session.execute(update(Share).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()

    assert client.get(f"/api/v1/patients/{patient.id}", headers=clinician.headers).status_code == 404
    listed = client.get("/api/v1/shares", headers=patient.headers).json
    assert listed[0] == {**listed[0], "id": made["id"], "status": "expired"}
