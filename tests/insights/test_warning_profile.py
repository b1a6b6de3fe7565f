"""Profile and plan rules: risk conditions, medicines linked to cramps, and quinine anywhere."""

import pytest

from backend.insights.service import compute_warnings
from tests.support.zones import ZONES


def warnings_of(diary) -> dict[str, dict]:
    return {warning["code"]: warning for warning in compute_warnings(diary.patient, now=diary.now)}


def medicine(name: str, medication_class: str) -> dict:
    return {"name": name, "class": medication_class, "started_on": None}


@pytest.mark.parametrize("condition", ["diabetes", "peripheral_artery_disease"])
def test_risk_condition_is_information_naming_the_condition(diary_for, condition):
    diary = diary_for("UTC", conditions=[condition, "pregnancy"])

    warning = warnings_of(diary)["risk_condition"]

    assert warning["level"] == "info"
    assert warning["evidence"] == {"episode_ids": [], "conditions": [condition]}
    assert "check-ins" in warning["advice"]


def test_other_conditions_are_no_risk_condition(diary_for):
    diary = diary_for("UTC", conditions=["pregnancy", "kidney_disease"])

    assert warnings_of(diary) == {}


def test_medicine_of_a_linked_class_is_watched_with_advice_not_to_stop_it(diary_for):
    diary = diary_for("UTC", medications=[medicine("Atorvastatin", "statin"), medicine("Vitamin D", "other")])

    warning = warnings_of(diary)["medication_watch"]

    assert warning["level"] == "info"
    assert warning["evidence"]["medications"] == [{"name": "Atorvastatin", "class": "statin"}]
    assert "Never stop a medicine on your own" in warning["advice"]


def test_medicine_of_another_class_is_not_watched(diary_for):
    diary = diary_for("UTC", medications=[medicine("Vitamin D", "other")])

    assert warnings_of(diary) == {}


@pytest.mark.parametrize(
    "medication", [medicine("Qualaquin", "quinine"), medicine("Tonic with QUININE sulphate", "other")]
)
def test_quinine_by_class_or_by_name_is_urgent(diary_for, medication):
    diary = diary_for("UTC", medications=[medication])

    warning = warnings_of(diary)["quinine"]

    assert warning["level"] == "urgent"
    assert warning["evidence"] == {
        "episode_ids": [],
        "medications": [{"name": medication["name"], "class": medication["class"]}],
        "care_plan_item_ids": [],
    }
    assert "promptly" in warning["advice"]


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Quinine at night"},
        {"title": "Tablet", "instructions": "Take one qUiNiNe tablet", "category": "medication"},
    ],
)
def test_quinine_in_a_care_plan_item_is_urgent(diary_for, fields):
    diary = diary_for("UTC")
    item = diary.item(**fields)

    warning = warnings_of(diary)["quinine"]

    assert warning["evidence"]["care_plan_item_ids"] == [str(item.id)]
    assert fields["title"] in warning["message"]


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Quinine", "status": "stopped"},
        {"title": "Quinine", "deleted": True},
        {"title": "Magnesium", "category": "supplement"},
    ],
)
def test_stopped_deleted_or_other_items_raise_no_quinine_warning(diary_for, fields):
    diary = diary_for("UTC")
    diary.item(**fields)

    assert "quinine" not in warnings_of(diary)


@pytest.mark.parametrize("zone", ZONES)
def test_profile_warnings_come_after_urgent_and_advice(diary_for, zone):
    diary = diary_for(zone, conditions=["diabetes"], medications=[medicine("Qualaquin", "quinine")])
    diary.episode("2026-11-19 03:00", seconds=601)

    codes = [w["code"] for w in compute_warnings(diary.patient, now=diary.now)]

    assert codes == ["quinine", "long_episode", "risk_condition"]


def test_all_ten_rules_can_fire_and_each_ends_with_advice(diary_for):
    diary = diary_for(
        "Pacific/Auckland",
        conditions=["peripheral_artery_disease"],
        medications=[medicine("Furosemide", "loop_diuretic"), medicine("Qualaquin", "quinine")],
    )
    diary.episode("2026-11-14 03:00", severity=9, seconds=900, symptoms=["swelling", "numbness"])
    diary.episode("2026-11-16 03:00", symptoms=["difficulty_walking"])
    diary.episode("2026-11-18 03:00")
    diary.episode("2026-11-20 03:00")

    warnings = compute_warnings(diary.patient, now=diary.now)

    assert [w["code"] for w in warnings] == [
        "swelling_redness",
        "quinine",
        "frequent",
        "rising",  # an old account with no cramps in the eight weeks before
        "severe_unrelieved",
        "long_episode",
        "numbness_weakness",
        "difficulty_walking",
        "risk_condition",
        "medication_watch",
    ]
    for warning in warnings:
        assert warning["message"].endswith(".")
        assert "clinician" in warning["advice"]
        assert "episode_ids" in warning["evidence"]
        if warning["level"] == "urgent":
            assert "promptly" in warning["advice"]
    assert warnings[-1]["message"].startswith("Your profile lists Furosemide (loop diuretic).")
