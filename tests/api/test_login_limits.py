"""Password guessing is refused per (account, address) and per address, counting failures only, so
a stranger can't lock the owner out; the refusal keeps the one error shape."""

import pytest

from backend.config import Config
from tests.support.accounts import PASSWORD


@pytest.fixture
def tight_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "3 per minute")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", "3 per minute")
    monkeypatch.setitem(app.config, "REGISTER_LIMIT_PER_ADDRESS", "2 per minute")


@pytest.fixture
def shipped_limits(app, monkeypatch):
    """The limits a fresh installation runs with."""
    for name in ("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "LOGIN_LIMIT_PER_ADDRESS"):
        monkeypatch.setitem(app.config, name, getattr(Config, name))


def login_from(client, address: str, email: str, password: str = "a wrong passphrase"):
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_guessing_at_an_account_from_one_address_is_refused(client, tight_limits, patient):
    statuses = [login_from(client, "203.0.113.1", patient.email).status_code for _ in range(4)]

    assert statuses == [401, 401, 401, 429]


def test_a_strangers_failures_never_lock_the_owner_out(client, shipped_limits, patient):
    attacker = [login_from(client, "203.0.113.66", patient.email).status_code for _ in range(30)]

    assert 429 in attacker
    assert login_from(client, "198.51.100.2", patient.email, PASSWORD).status_code == 200


def test_guessing_from_one_address_is_refused_long_before_40_tries(client, shipped_limits, patient):
    statuses = [login_from(client, "203.0.113.66", patient.email).status_code for _ in range(40)]

    assert statuses.index(429) < 10
    assert set(statuses[statuses.index(429) :]) == {429}


def test_successful_sign_ins_use_up_no_limit(client, tight_limits, patient):
    statuses = [login_from(client, "198.51.100.2", patient.email, PASSWORD).status_code for _ in range(6)]

    assert statuses == [200] * 6


def test_the_account_and_address_limit_ignores_the_case_of_the_email(client, tight_limits, patient):
    for email in (patient.email, patient.email.upper(), f" {patient.email} "):
        login_from(client, "203.0.113.1", email)

    assert login_from(client, "203.0.113.1", patient.email).status_code == 429


def test_limits_leave_other_accounts_alone(client, tight_limits, patient, other_patient):
    for _ in range(4):
        login_from(client, "203.0.113.1", patient.email)

    assert login_from(client, "198.51.100.1", other_patient.email, PASSWORD).status_code == 200


def test_one_address_is_limited_whatever_the_account(client, tight_limits):
    statuses = [login_from(client, "198.51.100.7", f"person{n}@example.org").status_code for n in range(4)]

    assert statuses == [401, 401, 401, 429]


def test_address_limit_leaves_other_addresses_alone(client, tight_limits, patient):
    for n in range(4):
        login_from(client, "198.51.100.7", f"person{n}@example.org")

    assert login_from(client, "198.51.100.8", patient.email, PASSWORD).status_code == 200


def test_limited_login_answers_in_the_error_shape(client, tight_limits, patient):
    for _ in range(3):
        login_from(client, "203.0.113.1", patient.email)

    response = login_from(client, "203.0.113.1", patient.email)

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
