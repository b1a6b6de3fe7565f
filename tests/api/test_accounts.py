"""Registering and signing in; passwords are kept only as argon2 hashes."""

import pytest

from backend.auth.models import User
from tests.support.accounts import PASSWORD

NEW_ACCOUNT = {
    "email": "Sam@Example.org",
    "password": "a long passphrase",
    "display_name": " Sam ",
    "role": "patient",
    "timezone": "Europe/London",
}


@pytest.fixture
def registered(client) -> dict:
    response = client.post("/api/v1/auth/register", json=NEW_ACCOUNT)
    assert response.status_code == 201, response.json
    return response.json


def test_register_answers_201_with_the_user(registered):
    assert registered["email"] == "sam@example.org"
    assert registered["display_name"] == "Sam"
    assert registered["role"] == "patient"
    assert registered["timezone"] == "Europe/London"
    assert registered["conditions"] == []
    assert "password" not in registered
    assert "password_hash" not in registered


def test_register_defaults_to_a_patient_in_utc(client):
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "a@example.org", "password": "a long passphrase", "display_name": "A"},
    )

    assert (response.json["role"], response.json["timezone"]) == ("patient", "UTC")


def test_register_a_clinician(client):
    response = client.post("/api/v1/auth/register", json={**NEW_ACCOUNT, "role": "clinician"})

    assert response.json["role"] == "clinician"


def test_password_is_stored_as_an_argon2id_hash(registered, rows):
    (user,) = rows(User)

    assert user.password_hash.startswith("$argon2id$")
    assert NEW_ACCOUNT["password"] not in user.password_hash


def test_register_with_a_taken_email_in_other_case_is_409(client, registered, rows):
    response = client.post("/api/v1/auth/register", json={**NEW_ACCOUNT, "email": "SAM@example.ORG"})

    assert response.status_code == 409
    assert response.json["code"] == 409
    assert len(rows(User)) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "a" * 250 + "@x.org"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "x" * 257}, "password"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 101}, "display_name"),
        ({"display_name": "nul \x00"}, "display_name"),
        ({"role": "admin"}, "role"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "+01:00"}, "timezone"),
        ({"is_admin": True}, "is_admin"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_register_with_an_invalid_field_is_422(client, rows, overrides, field):
    response = client.post("/api/v1/auth/register", json={**NEW_ACCOUNT, **overrides})

    assert response.status_code == 422
    assert field in response.json["errors"]
    assert rows(User) == []


def test_login_returns_a_token_pair_and_the_user(client, registered, sign_in):
    response = sign_in("sam@example.org", NEW_ACCOUNT["password"])

    assert response.status_code == 200
    assert response.json["user"]["id"] == registered["id"]
    assert response.json["access_token"] != response.json["refresh_token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json['access_token']}"})
    assert me.json["id"] == registered["id"]


def test_login_ignores_the_case_and_spaces_of_the_email(registered, sign_in):
    assert sign_in("  SAM@example.org ", NEW_ACCOUNT["password"]).status_code == 200


def test_login_with_a_wrong_password_is_401(registered, sign_in):
    response = sign_in("sam@example.org", "a wrong passphrase")

    assert response.status_code == 401
    assert response.json["message"] == "Email or password is wrong."


def test_login_with_an_unknown_email_says_the_same_as_a_wrong_password(sign_in):
    response = sign_in("nobody@example.org", "a long passphrase")

    assert response.status_code == 401
    assert response.json["message"] == "Email or password is wrong."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "a@example.org"}, "password"),
        ({"email": "a\x00@example.org", "password": PASSWORD}, "email"),
        ({"email": "a@example.org", "password": PASSWORD, "cookies": "sometimes"}, "cookies"),
        ({"email": "a@example.org", "password": PASSWORD, "remember": True}, "remember"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_login_with_an_invalid_body_is_422(client, body, field):
    response = client.post("/api/v1/auth/login", json=body)

    assert response.status_code == 422
    assert field in response.json["errors"]


def test_login_with_a_body_that_is_not_json_is_400(client):
    response = client.post("/api/v1/auth/login", data="{", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
