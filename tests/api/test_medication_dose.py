"""A profile medication may carry a dose, through REST and sync alike; without one it is stored as
before."""

import pytest

from tests.support.sync import mutation, push_one

WITH_DOSE = {
    "name": "Bendroflumethiazide",
    "class": "thiazide_diuretic",
    "started_on": "2026-02-01",
    "dose": "2.5 mg",
}
WITHOUT_DOSE = {"name": "Atorvastatin", "class": "statin", "started_on": None}


def test_rest_keeps_the_dose(client, patient):
    response = client.patch("/api/v1/me", json={"medications": [WITH_DOSE]}, headers=patient.headers)

    assert response.status_code == 200
    assert response.json["medications"] == [WITH_DOSE]


def test_a_medication_without_a_dose_has_no_dose_key(client, patient):
    response = client.patch("/api/v1/me", json={"medications": [WITHOUT_DOSE]}, headers=patient.headers)

    assert response.json["medications"] == [WITHOUT_DOSE]


def test_sync_keeps_the_dose(client, patient):
    result = push_one(client, patient, mutation("profile", patient.id, medications=[WITH_DOSE]))

    assert result["status"] == "applied"
    assert client.get("/api/v1/me", headers=patient.headers).json["medications"] == [WITH_DOSE]


@pytest.mark.parametrize("dose", ["x" * 121, 5, "2.5\u0000mg"])
def test_a_bad_dose_is_422(client, patient, dose):
    body = {"medications": [{**WITHOUT_DOSE, "dose": dose}]}

    response = client.patch("/api/v1/me", json=body, headers=patient.headers)

    assert response.status_code == 422
    assert "medications" in response.json["errors"]
