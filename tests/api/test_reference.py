"""The vocabularies the app renders come from one place and match DOMAIN.md word for word."""

import pytest

# Copied by hand from DOMAIN.md (and DESIGN.md for roles and share permissions), in its order.
DOMAIN_VOCABULARIES = {
    "muscles": ["calf", "foot", "shin", "hamstrings", "quadriceps", "other"],
    "sides": ["left", "right", "both"],
    "triggers": [
        "dehydration",
        "overexertion",
        "hot_weather",
        "medication_change",
        "long_standing",
        "long_sitting",
        "alcohol",
        "stress",
        "toes_pointed_in_bed",
        "pregnancy",
        "other",
    ],
    "relief_methods": ["stretching", "massage", "heat", "walking", "hydration", "pain_reliever", "other"],
    "relief_effects": ["none", "some", "full"],
    "symptoms": ["swelling", "redness", "numbness", "weakness", "difficulty_walking", "soreness_after"],
    "care_plan_categories": [
        "stretching",
        "hydration",
        "heat",
        "massage",
        "footwear",
        "exercise",
        "diet",
        "stress",
        "sleep_posture",
        "medication",
        "supplement",
        "physical_therapy",
        "follow_up",
        "other",
    ],
    "schedules": ["bedtime", "daily", "weekly", "as_needed"],
    "item_statuses": ["active", "paused", "stopped"],
    "conditions": [
        "peripheral_artery_disease",
        "diabetes",
        "pregnancy",
        "peripheral_neuropathy",
        "multiple_sclerosis",
        "parkinsons",
        "kidney_disease",
        "other",
    ],
    "medication_classes": [
        "thiazide_diuretic",
        "loop_diuretic",
        "potassium_sparing_diuretic",
        "statin",
        "long_acting_beta_agonist",
        "estrogen_or_raloxifene",
        "teriparatide",
        "iron_sucrose_iv",
        "naproxen",
        "quinine",
        "other",
    ],
    "roles": ["patient", "clinician"],
    "share_permissions": ["view", "edit_plan"],
}


@pytest.fixture
def reference(client) -> dict:
    response = client.get("/api/v1/reference")
    assert response.status_code == 200
    return response.json


def test_reference_serves_exactly_the_domain_vocabularies(reference):
    assert set(reference["vocabularies"]) == set(DOMAIN_VOCABULARIES)


@pytest.mark.parametrize("name", DOMAIN_VOCABULARIES)
def test_vocabulary_codes_match_domain_md(reference, name):
    codes = [entry["code"] for entry in reference["vocabularies"][name]]

    assert codes == DOMAIN_VOCABULARIES[name]


@pytest.mark.parametrize("name", DOMAIN_VOCABULARIES)
def test_every_code_has_a_plain_label(reference, name):
    for entry in reference["vocabularies"][name]:
        assert entry["label"].strip()
        assert "_" not in entry["label"]


def test_reference_offers_one_tap_starter_items_that_the_api_accepts(client, patient, reference):
    starters = reference["care_plan_starters"]
    assert {starter["category"] for starter in starters} <= set(DOMAIN_VOCABULARIES["care_plan_categories"])

    for starter in starters:
        body = {name: starter[name] for name in ("category", "title", "instructions", "schedule")}
        assert client.post("/api/v1/care-plan/items", json=body, headers=patient.headers).status_code == 201


def test_reference_may_be_cached_by_the_browser(client):
    response = client.get("/api/v1/reference")

    assert "max-age" in response.headers["Cache-Control"]
    assert "no-store" not in response.headers["Cache-Control"]
