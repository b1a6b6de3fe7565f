"""Access and refresh tokens: expiry, rotation, reuse detection and sign-out."""

import uuid
from datetime import timedelta

import jwt as pyjwt
import pytest
from flask_jwt_extended import create_access_token, create_refresh_token

from tests.support.accounts import PASSWORD


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def pair(patient, sign_in) -> dict:
    """A fresh sign-in of the patient through the API."""
    response = sign_in(patient.email, PASSWORD)
    assert response.status_code == 200
    return response.json


def refresh(client, refresh_token: str):
    return client.post("/api/v1/auth/refresh", headers=bearer(refresh_token))


def claims_of(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


def test_access_token_opens_the_api(client, pair):
    assert client.get("/api/v1/me", headers=bearer(pair["access_token"])).status_code == 200


def test_expired_access_token_is_401(app, client, patient):
    claims = claims_of(patient.access_token)
    with app.app_context():
        token = create_access_token(
            identity=patient.id, additional_claims={"sid": claims["sid"]}, expires_delta=timedelta(seconds=-1)
        )

    response = client.get("/api/v1/me", headers=bearer(token))

    assert response.status_code == 401
    assert response.json["message"] == "Your session has expired."


def test_access_token_lifetime_comes_from_the_configuration(app, client, patient, sign_in, monkeypatch):
    monkeypatch.setitem(app.config, "JWT_ACCESS_TOKEN_EXPIRES", timedelta(seconds=-1))
    token = sign_in(patient.email, PASSWORD).json["access_token"]

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_refresh_returns_a_new_pair(client, pair):
    response = refresh(client, pair["refresh_token"])

    assert response.status_code == 200
    assert response.json["refresh_token"] != pair["refresh_token"]
    assert response.json["access_token"] != pair["access_token"]
    assert client.get("/api/v1/me", headers=bearer(response.json["access_token"])).status_code == 200


def test_new_refresh_token_works_in_turn(client, pair):
    second = refresh(client, pair["refresh_token"]).json

    assert refresh(client, second["refresh_token"]).status_code == 200


def test_spent_refresh_token_is_refused(client, pair):
    refresh(client, pair["refresh_token"])

    response = refresh(client, pair["refresh_token"])

    assert response.status_code == 401
    assert response.json["code"] == 401


def test_reusing_a_spent_refresh_token_ends_the_whole_session(client, pair):
    rotated = refresh(client, pair["refresh_token"]).json

    refresh(client, pair["refresh_token"])

    assert client.get("/api/v1/me", headers=bearer(rotated["access_token"])).status_code == 401
    assert refresh(client, rotated["refresh_token"]).status_code == 401


def test_reuse_ends_only_that_session(client, pair, patient):
    refresh(client, pair["refresh_token"])

    refresh(client, pair["refresh_token"])

    assert client.get("/api/v1/me", headers=patient.headers).status_code == 200


def test_access_token_cannot_refresh(client, pair):
    assert refresh(client, pair["access_token"]).status_code == 401


def test_refresh_token_cannot_open_the_api(client, pair):
    assert client.get("/api/v1/me", headers=bearer(pair["refresh_token"])).status_code == 401


def test_refresh_token_unknown_to_the_server_is_refused(app, client, patient):
    claims = claims_of(patient.refresh_token)
    with app.app_context():
        token = create_refresh_token(identity=patient.id, additional_claims={"sid": claims["sid"]})

    assert refresh(client, token).status_code == 401


def test_logout_ends_access_and_refresh_tokens(client, pair):
    response = client.post("/api/v1/auth/logout", headers=bearer(pair["access_token"]))

    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(pair["access_token"])).status_code == 401
    assert refresh(client, pair["refresh_token"]).status_code == 401


def test_logout_with_the_refresh_token_ends_the_session_too(client, pair):
    client.post("/api/v1/auth/logout", headers=bearer(pair["refresh_token"]))

    assert client.get("/api/v1/me", headers=bearer(pair["access_token"])).status_code == 401


def test_logout_leaves_other_sessions_signed_in(client, pair, patient):
    client.post("/api/v1/auth/logout", headers=bearer(pair["access_token"]))

    assert client.get("/api/v1/me", headers=patient.headers).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-jwt",
        "Bearer ",
        "Bearer a.b.c",
        "Basic dXNlcjpwYXNz",
        "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.",
    ],
)
def test_malformed_token_is_401(client, authorization):
    response = client.get("/api/v1/me", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert response.json["code"] == 401


def test_token_signed_with_another_key_is_401(client, patient):
    claims = claims_of(patient.access_token)
    forged = pyjwt.encode(claims, "some-other-secret-key-that-is-long-enough", algorithm="HS256")

    assert client.get("/api/v1/me", headers=bearer(forged)).status_code == 401


def test_token_without_a_session_is_401(app, client, patient):
    with app.app_context():
        token = create_access_token(identity=patient.id)

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_token_of_an_unknown_session_is_401(app, client, patient):
    with app.app_context():
        token = create_access_token(identity=patient.id, additional_claims={"sid": str(uuid.uuid4())})

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_token_for_another_user_in_my_session_is_401(app, client, patient, other_patient):
    # Session and subject must belong together; a forged subject can't borrow a live session.
    claims = claims_of(patient.access_token)
    with app.app_context():
        token = create_access_token(identity=other_patient.id, additional_claims={"sid": claims["sid"]})

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_token_of_an_erased_account_is_401(client, patient):
    client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)

    response = client.get("/api/v1/me", headers=patient.headers)

    assert response.status_code == 401
