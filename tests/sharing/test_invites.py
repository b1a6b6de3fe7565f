"""Invitation codes: creating, listing, cancelling and redeeming them."""

import hashlib
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from backend.database import utcnow
from backend.extensions import db
from backend.sharing.models import ShareInvite
from tests.support.care_team import invite, revoke, share

CODE_FORMAT = re.compile(r"^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{2}$")


def accept(client, clinician, code):
    return client.post("/api/v1/shares/accept", json={"code": code}, headers=clinician.headers)


def expire_invites(app):
    with app.app_context():
        db.session.execute(update(ShareInvite).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()


def test_invite_gives_a_readable_code_and_a_link(client, patient):
    created = invite(client, patient, "edit_plan", expires_in_hours=5)

    assert CODE_FORMAT.match(created["code"])
    assert created["link"] == f"/care-team/accept?code={created['code']}"
    assert created["permission"] == "edit_plan"
    assert created["share_expires_in_days"] is None


def test_invite_expires_after_the_hours_asked_for(client, patient):
    before = utcnow()
    created = invite(client, patient, expires_in_hours=5)

    expires_at = created["expires_at"]
    assert before + timedelta(hours=5) <= datetime.fromisoformat(expires_at) <= utcnow() + timedelta(hours=5)


def test_invite_lasts_72_hours_by_default(client, patient):
    created = invite(client, patient)

    assert abs(datetime.fromisoformat(created["expires_at"]) - utcnow() - timedelta(hours=72)) < timedelta(
        minutes=1
    )


def test_codes_differ(client, patient):
    assert len({invite(client, patient)["code"] for _ in range(5)}) == 5


def test_only_the_hash_of_the_code_is_stored(app, client, patient):
    code = invite(client, patient)["code"]

    with app.app_context():
        stored = db.session.scalars(db.select(ShareInvite)).one()
        assert stored.code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
        stored_values = [str(getattr(stored, column.key)) for column in ShareInvite.__table__.columns]
        assert not any(code.replace("-", "") in value.replace("-", "") for value in stored_values)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"permission": "admin"},
        {"permission": "view", "expires_in_hours": 0},
        {"permission": "view", "expires_in_hours": 721},
        {"permission": "view", "expires_in_hours": "72"},
        {"permission": "view", "share_expires_in_days": 0},
        {"permission": "view", "code": "KX7M-Q2PD-9R"},
    ],
    ids=["empty", "unknown permission", "0 hours", "721 hours", "hours as text", "0 days", "own code"],
)
def test_invite_refuses_bad_fields(client, patient, body):
    response = client.post("/api/v1/shares/invites", json=body, headers=patient.headers)

    assert response.status_code == 422
    assert response.json["errors"]


def test_clinicians_cannot_invite(client, clinician):
    response = client.post("/api/v1/shares/invites", json={"permission": "view"}, headers=clinician.headers)

    assert response.status_code == 403


def test_inviting_needs_a_token(client):
    assert client.post("/api/v1/shares/invites", json={"permission": "view"}).status_code == 401


def test_pending_invites_are_listed_newest_first_without_their_codes(client, patient, other_patient):
    first = invite(client, patient, "view")
    second = invite(client, patient, "edit_plan")
    invite(client, other_patient)

    listed = client.get("/api/v1/shares/invites", headers=patient.headers).json

    assert [entry["id"] for entry in listed] == [second["id"], first["id"]]
    assert "code" not in listed[0]


def test_used_cancelled_and_expired_invites_are_not_listed(app, client, patient, clinician):
    used = invite(client, patient)
    accept(client, clinician, used["code"])
    cancelled = invite(client, patient)
    client.delete(f"/api/v1/shares/invites/{cancelled['id']}", headers=patient.headers)
    invite(client, patient)
    expire_invites(app)

    assert client.get("/api/v1/shares/invites", headers=patient.headers).json == []


def test_listing_invites_is_for_patients(client, clinician):
    assert client.get("/api/v1/shares/invites", headers=clinician.headers).status_code == 403


def test_cancelled_code_cannot_be_redeemed(client, patient, clinician):
    created = invite(client, patient)

    cancelled = client.delete(f"/api/v1/shares/invites/{created['id']}", headers=patient.headers)

    assert cancelled.status_code == 204
    assert accept(client, clinician, created["code"]).status_code == 404


def test_cancelling_twice_is_harmless(client, patient):
    created = invite(client, patient)
    client.delete(f"/api/v1/shares/invites/{created['id']}", headers=patient.headers)

    assert (
        client.delete(f"/api/v1/shares/invites/{created['id']}", headers=patient.headers).status_code == 204
    )


def test_cancelling_a_used_invite_conflicts(client, patient, clinician):
    created = invite(client, patient)
    accept(client, clinician, created["code"])

    response = client.delete(f"/api/v1/shares/invites/{created['id']}", headers=patient.headers)

    assert response.status_code == 409


def test_cannot_cancel_someone_elses_invite(client, patient, other_patient):
    created = invite(client, patient)

    response = client.delete(f"/api/v1/shares/invites/{created['id']}", headers=other_patient.headers)

    assert response.status_code == 404


def test_accepting_a_code_creates_an_active_share(client, patient, clinician):
    code = invite(client, patient, "edit_plan")["code"]

    response = accept(client, clinician, code)

    assert response.status_code == 201
    created = response.json
    assert created["patient_id"] == patient.id
    assert created["clinician_id"] == clinician.id
    assert created["permission"] == "edit_plan"
    assert created["status"] == "active"
    assert created["expires_at"] is None
    assert created["revoked_at"] is None
    assert created["patient"] == {"id": patient.id, "display_name": "Patient 1"}
    assert created["clinician"]["email"] == clinician.email


def test_codes_are_read_back_forgivingly(client, patient, clinician):
    code = invite(client, patient)["code"]
    spoken = " ".join(code.replace("-", "").lower())

    assert accept(client, clinician, spoken).status_code == 201


def test_a_code_works_once(client, patient, clinician, make_actor):
    code = invite(client, patient)["code"]
    accept(client, clinician, code)

    response = accept(client, make_actor("clinician"), code)

    assert response.status_code == 404


def test_an_expired_code_fails(app, client, patient, clinician):
    code = invite(client, patient, expires_in_hours=1)["code"]
    expire_invites(app)

    assert accept(client, clinician, code).status_code == 404


def test_unusable_codes_all_answer_alike(app, client, patient, clinician, make_actor):
    used = invite(client, patient)["code"]
    accept(client, make_actor("clinician"), used)
    cancelled = invite(client, patient)
    client.delete(f"/api/v1/shares/invites/{cancelled['id']}", headers=patient.headers)
    expired = invite(client, patient)["code"]
    expire_invites(app)

    answers = [
        accept(client, clinician, code)
        for code in (used, cancelled["code"], expired, "KX7M-Q2PD-9R", "not even a code")
    ]

    assert {response.status_code for response in answers} == {404}
    assert len({response.get_data() for response in answers}) == 1


def test_accepting_needs_a_code(client, clinician):
    response = client.post("/api/v1/shares/accept", json={}, headers=clinician.headers)

    assert response.status_code == 422
    assert "code" in response.json["errors"]


def test_patients_cannot_accept(client, patient, other_patient):
    code = invite(client, patient)["code"]

    assert accept(client, other_patient, code).status_code == 403


def test_a_second_code_updates_the_existing_share(client, patient, clinician):
    first = share(client, patient, clinician, "view")
    code = invite(client, patient, "edit_plan", share_expires_in_days=30)["code"]

    response = accept(client, clinician, code)

    assert response.status_code == 200
    assert response.json["id"] == first["id"]
    assert response.json["permission"] == "edit_plan"
    assert response.json["expires_at"] is not None
    assert len(client.get("/api/v1/shares", headers=patient.headers).json) == 1


def test_after_revocation_a_new_code_makes_a_new_share(client, patient, clinician):
    first = share(client, patient, clinician)
    revoke(client, patient, first["id"])

    second = share(client, patient, clinician)

    assert second["id"] != first["id"]
    statuses = {
        entry["id"]: entry["status"] for entry in client.get("/api/v1/shares", headers=patient.headers).json
    }
    assert statuses == {first["id"]: "revoked", second["id"]: "active"}


def test_share_lasts_the_days_the_invite_named(client, patient, clinician):
    code = invite(client, patient, share_expires_in_days=30)["code"]

    created = accept(client, clinician, code).json

    assert abs(datetime.fromisoformat(created["expires_at"]) - utcnow() - timedelta(days=30)) < timedelta(
        minutes=1
    )
