"""Password guessing is slowed per account and per address; the refusal keeps the one error shape."""

import pytest

from tests.support.accounts import PASSWORD


@pytest.fixture
def tight_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT", "3 per minute")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", "3 per minute")
    monkeypatch.setitem(app.config, "REGISTER_LIMIT_PER_ADDRESS", "2 per minute")


def login_from(client, address: str, email: str, password: str = "a wrong passphrase"):
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_one_account_is_limited_whatever_the_address(client, tight_limits, patient):
    statuses = [login_from(client, f"203.0.113.{n}", patient.email).status_code for n in range(1, 5)]

    assert statuses == [401, 401, 401, 429]


def test_account_limit_holds_even_for_the_right_password(client, tight_limits, patient):
    for n in range(1, 4):
        login_from(client, f"203.0.113.{n}", patient.email)

    assert login_from(client, "203.0.113.9", patient.email, PASSWORD).status_code == 429


def test_account_limit_ignores_the_case_of_the_email(client, tight_limits, patient):
    for n, email in enumerate([patient.email, patient.email.upper(), f" {patient.email} "], start=1):
        login_from(client, f"203.0.113.{n}", email)

    assert login_from(client, "203.0.113.9", patient.email).status_code == 429


def test_account_limit_leaves_other_accounts_alone(client, tight_limits, patient, other_patient):
    for n in range(1, 5):
        login_from(client, f"203.0.113.{n}", patient.email)

    assert login_from(client, "198.51.100.1", other_patient.email, PASSWORD).status_code == 200


def test_one_address_is_limited_whatever_the_account(client, tight_limits):
    statuses = [login_from(client, "198.51.100.7", f"person{n}@example.org").status_code for n in range(4)]

    assert statuses == [401, 401, 401, 429]


def test_address_limit_leaves_other_addresses_alone(client, tight_limits, patient):
    for n in range(4):
        login_from(client, "198.51.100.7", f"person{n}@example.org")

    assert login_from(client, "198.51.100.8", patient.email, PASSWORD).status_code == 200


def test_limited_login_answers_in_the_error_shape(client, tight_limits, patient):
    for n in range(1, 4):
        login_from(client, f"203.0.113.{n}", patient.email)

    response = login_from(client, "203.0.113.4", patient.email)

    assert response.status_code == 429
    assert response.json["code"] == 429
    assert response.json["status"] == "Too Many Requests"
    assert response.json["message"]
    assert "Retry-After" in response.headers


def test_register_is_limited_per_address(client, tight_limits):
    def register(n: int):
        body = {"email": f"new{n}@example.org", "password": "a long passphrase", "display_name": "New"}
        return client.post("/api/v1/auth/register", json=body, environ_base={"REMOTE_ADDR": "198.51.100.9"})

    assert [register(n).status_code for n in range(3)] == [201, 201, 429]
