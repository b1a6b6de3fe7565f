"""My profile: display name, time zone, conditions and medications."""

import pytest

MEDICATIONS = [
    {"name": "Atorvastatin", "class": "statin", "started_on": "2026-03-01"},
    {"name": "Bendroflumethiazide", "class": "thiazide_diuretic", "started_on": None},
]


def test_get_profile_returns_my_account(client, patient):
    response = client.get("/api/v1/me", headers=patient.headers)

    assert response.status_code == 200
    profile = response.json
    assert (profile["id"], profile["email"], profile["role"]) == (patient.id, patient.email, "patient")
    assert profile["timezone"] == "Europe/London"
    assert profile["version"] == 1
    assert "password_hash" not in profile


def test_clinician_has_a_profile_too(client, clinician):
    response = client.get("/api/v1/me", headers=clinician.headers)

    assert response.json["role"] == "clinician"


def test_patch_profile_changes_each_field(client, patient):
    changes = {
        "display_name": "Sam",
        "timezone": "America/New_York",
        "conditions": ["diabetes", "pregnancy"],
        "medications": MEDICATIONS,
    }

    response = client.patch("/api/v1/me", json=changes, headers=patient.headers)

    assert response.status_code == 200
    assert {name: response.json[name] for name in changes} == changes
    assert response.json["version"] == 2
    assert client.get("/api/v1/me", headers=patient.headers).json["medications"] == MEDICATIONS


def test_patch_profile_keeps_fields_not_sent(client, patient):
    client.patch("/api/v1/me", json={"conditions": ["diabetes"]}, headers=patient.headers)

    response = client.patch("/api/v1/me", json={"display_name": "Sam"}, headers=patient.headers)

    assert response.json["conditions"] == ["diabetes"]


def test_patch_profile_can_empty_the_lists(client, patient):
    client.patch(
        "/api/v1/me", json={"conditions": ["diabetes"], "medications": MEDICATIONS}, headers=patient.headers
    )

    response = client.patch("/api/v1/me", json={"conditions": [], "medications": []}, headers=patient.headers)

    assert (response.json["conditions"], response.json["medications"]) == ([], [])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 101}, "display_name"),
        ({"display_name": None}, "display_name"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "GMT+1"}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"conditions": ["flu"]}, "conditions"),
        ({"conditions": ["diabetes", "diabetes"]}, "conditions"),
        ({"conditions": "diabetes"}, "conditions"),
        ({"medications": [{"name": "Quinine", "class": "antimalarial"}]}, "medications"),
        ({"medications": [{"class": "statin"}]}, "medications"),
        ({"medications": [{"name": "Atorvastatin"}]}, "medications"),
        ({"medications": [{"name": "", "class": "statin"}]}, "medications"),
        ({"medications": [{"name": "x\x00", "class": "statin"}]}, "medications"),
        (
            {"medications": [{"name": "Atorvastatin", "class": "statin", "started_on": "2026-02-30"}]},
            "medications",
        ),
        ({"medications": [{"name": "Atorvastatin", "class": "statin", "dose": "x" * 121}]}, "medications"),
        ({"medications": [{"name": "A", "class": "other"}] * 51}, "medications"),
        ({"version": "1"}, "version"),
        ({"email": "new@example.org"}, "email"),
        ({"role": "clinician"}, "role"),
        ({"password": "a new passphrase"}, "password"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_patch_profile_with_an_invalid_value_is_422_and_changes_nothing(client, patient, changes, field):
    response = client.patch("/api/v1/me", json=changes, headers=patient.headers)

    assert response.status_code == 422
    assert field in response.json["errors"]
    profile = client.get("/api/v1/me", headers=patient.headers).json
    assert (profile["version"], profile["role"], profile["email"]) == (1, "patient", patient.email)


def test_patch_profile_with_a_body_that_is_not_json_is_400(client, patient):
    response = client.patch(
        "/api/v1/me", data="{", headers={**patient.headers, "Content-Type": "application/json"}
    )

    assert response.status_code == 400
