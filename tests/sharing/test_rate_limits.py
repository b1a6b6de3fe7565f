"""Redeeming codes is rate limited per clinician and per address, counting wrong codes only, so
codes can't be guessed and redeeming real ones never uses up a limit."""

import pytest

from tests.support.care_team import invite


def accept(client, clinician, code):
    return client.post("/api/v1/shares/accept", json={"code": code}, headers=clinician.headers)


@pytest.fixture
def lower_limits(app, monkeypatch):
    def lower(per_clinician="1000 per minute", per_address="1000 per minute"):
        monkeypatch.setitem(app.config, "SHARE_ACCEPT_LIMIT_PER_CLINICIAN", per_clinician)
        monkeypatch.setitem(app.config, "SHARE_ACCEPT_LIMIT_PER_ADDRESS", per_address)

    return lower


def test_a_clinician_who_guesses_too_often_is_stopped(client, patient, clinician, lower_limits):
    lower_limits(per_clinician="3 per minute")
    for guess in ("AAAA-AAAA-AA", "BBBB-BBBB-BB", "CCCC-CCCC-CC"):
        assert accept(client, clinician, guess).status_code == 404
    code = invite(client, patient)["code"]

    response = accept(client, clinician, code)

    assert response.status_code == 429
    assert response.json["code"] == 429


def test_the_limit_of_one_clinician_leaves_others_alone(client, patient, clinician, make_actor, lower_limits):
    lower_limits(per_clinician="2 per minute")
    for guess in ("AAAA-AAAA-AA", "BBBB-BBBB-BB"):
        accept(client, clinician, guess)
    code = invite(client, patient)["code"]

    assert accept(client, make_actor("clinician"), code).status_code == 201


def test_many_clinicians_from_one_address_are_stopped(client, patient, make_actor, lower_limits):
    lower_limits(per_address="3 per minute")
    for _ in range(3):
        assert accept(client, make_actor("clinician"), "AAAA-AAAA-AA").status_code == 404

    response = accept(client, make_actor("clinician"), invite(client, patient)["code"])

    assert response.status_code == 429


def test_a_refused_attempt_leaves_the_code_usable(client, patient, clinician, make_actor, lower_limits):
    lower_limits(per_clinician="1 per minute")
    accept(client, clinician, "AAAA-AAAA-AA")
    code = invite(client, patient)["code"]
    assert accept(client, clinician, code).status_code == 429

    assert accept(client, make_actor("clinician"), code).status_code == 201


def test_patients_do_not_spend_a_clinicians_attempts(client, patient, clinician, lower_limits):
    lower_limits(per_clinician="1 per minute", per_address="1 per minute")
    assert accept(client, patient, "AAAA-AAAA-AA").status_code == 403

    assert accept(client, clinician, invite(client, patient)["code"]).status_code == 201


def test_codes_that_work_use_up_no_attempts(client, patient, make_actor, lower_limits):
    lower_limits(per_address="2 per minute")
    clinicians = [make_actor("clinician") for _ in range(3)]

    statuses = [accept(client, one, invite(client, patient)["code"]).status_code for one in clinicians]

    assert statuses == [201, 201, 201]
