"""Changing my password: the current one is asked again, the new one meets the sign-up rules, and
every other sign-in of the account ends while this one carries on."""

from backend.auth.passwords import TOO_COMMON
from tests.support.accounts import PASSWORD

NEW_PASSWORD = "a quiet lighthouse keeper"


def change(client, actor, current=PASSWORD, new=NEW_PASSWORD):
    return client.post(
        "/api/v1/me/password",
        json={"current_password": current, "new_password": new},
        headers=actor.headers,
    )


def test_a_changed_password_is_the_one_that_signs_in(client, patient, sign_in):
    assert change(client, patient).status_code == 204

    assert sign_in(patient.email, NEW_PASSWORD).status_code == 200
    assert sign_in(patient.email, PASSWORD).status_code == 401


def test_this_sign_in_carries_on(client, patient):
    change(client, patient)

    assert client.get("/api/v1/me", headers=patient.headers).status_code == 200


def test_other_sign_ins_end(client, patient, sign_in):
    other_device = sign_in(patient.email, PASSWORD).json
    other_headers = {"Authorization": f"Bearer {other_device['access_token']}"}

    change(client, patient)

    assert client.get("/api/v1/me", headers=other_headers).status_code == 401
    refreshed = client.post(
        "/api/v1/auth/refresh", headers={"Authorization": f"Bearer {other_device['refresh_token']}"}
    )
    assert refreshed.status_code == 401


def test_other_accounts_keep_their_sign_ins(client, patient, other_patient):
    change(client, patient)

    assert client.get("/api/v1/me", headers=other_patient.headers).status_code == 200


def test_a_wrong_current_password_is_403_and_changes_nothing(client, patient, sign_in):
    response = change(client, patient, current="not my password at all")

    assert response.status_code == 403
    assert sign_in(patient.email, PASSWORD).status_code == 200


def test_a_common_new_password_is_422_naming_the_field(client, patient, sign_in):
    response = change(client, patient, new="password123")

    assert response.status_code == 422
    assert response.json["errors"]["new_password"] == [TOO_COMMON]
    assert sign_in(patient.email, PASSWORD).status_code == 200


def test_a_new_password_built_on_the_email_is_422(client, make_actor):
    actor = make_actor("patient", email="rosalind@example.test")

    response = change(client, actor, new="rosalind1234")

    assert response.status_code == 422
    assert "new_password" in response.json["errors"]


def test_missing_fields_are_422(client, patient):
    response = client.post("/api/v1/me/password", json={}, headers=patient.headers)

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"current_password", "new_password"}


def test_signed_out_is_401(client):
    response = client.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 401


def test_a_clinician_can_change_theirs_too(client, clinician):
    assert change(client, clinician).status_code == 204
