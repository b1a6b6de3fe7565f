"""The gaps a clinical review found: cramps ahead of now, swelling with no muscle, quinine by name
and brand but not when refused, relief ranked by times it helped, rates over the span the diary
covers, and the clinician's own wording."""

import re
import uuid

import pytest

from backend.careplan.models import CarePlanItem
from backend.extensions import db
from backend.insights.quinine import speaks_of_taking_quinine
from backend.insights.service import CLINICIAN, compute_insights, compute_warnings
from tests.support.care_team import share
from tests.support.factories import episode_body


def codes(diary, voice=None) -> list[str]:
    kwargs = {"voice": voice} if voice else {}
    return [warning["code"] for warning in compute_warnings(diary.patient, now=diary.now, **kwargs)]


# ---- time ---------------------------------------------------------------------------------------


def test_a_cramp_ahead_of_now_counts_in_no_rule_and_no_insight(diary):
    for day in ("2026-11-17", "2026-11-18", "2026-11-19"):
        diary.episode(f"{day} 03:00")
    diary.episode("2026-11-20 18:00", severity=9)  # three hours after "now": a wrong phone clock

    assert "frequent" not in codes(diary)
    assert "severe_unrelieved" not in codes(diary)
    totals = compute_insights(diary.patient, 14, now=diary.now)["totals"]
    assert totals["cramps"] == 3


def test_the_cramp_counts_once_its_time_has_come(diary):
    for day in ("2026-11-17", "2026-11-18", "2026-11-19"):
        diary.episode(f"{day} 03:00")
    diary.episode("2026-11-20 14:00")

    assert "frequent" in codes(diary)


@pytest.mark.parametrize(("minutes_ahead", "status"), [(10, 201), (20, 422)])
def test_rest_refuses_a_start_more_than_15_minutes_ahead(client, patient, minutes_ahead, status):
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC) + timedelta(minutes=minutes_ahead)
    body = episode_body(started_at=start.isoformat(), ended_at=(start + timedelta(minutes=1)).isoformat())

    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)

    assert response.status_code == status
    if status == 422:
        assert "started_at" in response.json["errors"]


# ---- swelling with no muscle ---------------------------------------------------------------------


@pytest.mark.parametrize(("muscle", "fires"), [("calf", True), (None, True), ("quadriceps", False)])
def test_swelling_or_redness_fires_for_the_calf_and_for_no_muscle_given(diary, muscle, fires):
    diary.episode("2026-11-19 03:00", muscle=muscle, symptoms=("swelling",))

    assert ("swelling_redness" in codes(diary)) is fires


# ---- quinine -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "taking"),
    [
        ("Quinine sulfate 300 mg at night", True),
        ("quinine bisulfate", True),
        ("Quinine hydrochloride tablets", True),
        ("Qualaquin", True),
        ("Q-Vel softgels for cramps", True),
        ("Take quinine before bed. Avoid alcohol.", True),
        ("Stop taking quinine.", False),
        ("Do not take quinine for cramps", False),
        ("Avoid quinine and tonic water", False),
        ("No quinine: it is not safe for cramps", False),
        ("Never use quinine for leg cramps", False),
        ("Quinidine 200 mg", False),
        ("Tonic water in the evening", False),
        ("", False),
    ],
)
def test_the_quinine_matcher(text, taking):
    assert speaks_of_taking_quinine(text) is taking


def plan_item(diary, **fields) -> None:
    db.session.add(
        CarePlanItem(
            patient_id=diary.patient.id,
            author_id=diary.patient.id,
            author_role="patient",
            category="medication",
            schedule="bedtime",
            status="active",
            start_date=diary.now.date(),
            **{"title": "Evening tablet", "instructions": "", **fields},
        )
    )
    db.session.commit()


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Qualaquin at bedtime"},
        {"instructions": "Quinine sulfate, one tablet"},
        {"note_for_patient": "Quinine 300 mg"},
    ],
)
def test_quinine_in_any_text_of_a_plan_item_raises_the_urgent_sign(diary, fields):
    plan_item(diary, **fields)

    assert "quinine" in codes(diary)


def test_an_item_telling_the_patient_to_stop_quinine_raises_nothing(diary):
    plan_item(diary, title="Stop quinine", note_for_patient="Do not take quinine for cramps any more.")

    assert "quinine" not in codes(diary)


def test_quinine_by_brand_in_a_medication_and_the_advice_never_says_stop(diary_for):
    diary = diary_for(
        "Europe/London", medications=[{"name": "Qualaquin", "class": "other", "started_on": None}]
    )

    (warning,) = [w for w in compute_warnings(diary.patient, now=diary.now) if w["code"] == "quinine"]

    assert warning["level"] == "urgent"
    assert "Don't stop a prescribed medicine on your own" in warning["advice"]
    assert "malaria" in warning["message"]


# ---- relief ranking and rates ----------------------------------------------------------------------


def test_relief_ranks_by_times_it_helped_and_one_lucky_try_is_not_the_best(diary):
    # Stretching helped 8 times of 10; heat helped its only try.
    for n in range(10):
        diary.episode(
            f"2026-11-{10 + n % 9:02d} 0{n % 5}:00", reliefs={"stretching": "some" if n < 8 else "none"}
        )
    diary.episode("2026-11-19 05:30", reliefs={"heat": "full"})

    insights = compute_insights(diary.patient, 14, now=diary.now)

    assert [(r["method"], r["helped"], r["tried"]) for r in insights["reliefs"]] == [
        ("stretching", 8, 10),
        ("heat", 1, 1),
    ]
    assert any(
        sentence.startswith("Stretching helped most often: 8 of the 10") for sentence in insights["summary"]
    )


def test_a_method_tried_under_three_times_is_never_called_the_best(diary):
    diary.episode("2026-11-18 03:00", reliefs={"heat": "full"})
    diary.episode("2026-11-19 03:00", reliefs={"heat": "full"})

    summary = compute_insights(diary.patient, 14, now=diary.now)["summary"]

    assert not any("helped most" in sentence for sentence in summary)


def test_the_weekly_rate_divides_by_the_span_the_diary_covers(diary_for):
    diary = diary_for("America/Los_Angeles", created="2026-10-31 09:00")  # 21 nights to 11-20
    for n in range(18):
        diary.episode(f"2026-11-{1 + n:02d} 23:00")

    totals = compute_insights(diary.patient, 84, now=diary.now)["totals"]

    # By hand: 18 cramps over the 21 nights from 10-31 to 11-20, not over 84.
    assert (totals["covered_nights"], totals["cramps_per_week"]) == (21, 6.0)


# ---- the clinician's wording ------------------------------------------------------------------------

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from strings_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_in(child)


def test_clinician_responses_never_speak_in_the_second_person(client, make_actor):
    patient = make_actor(
        "patient",
        timezone="Europe/London",
        conditions=["diabetes"],
        medications=[{"name": "Quinine sulfate", "class": "quinine", "started_on": None}],
    )
    clinician = make_actor("clinician")
    client.post(
        "/api/v1/care-plan/items",
        json={"category": "supplement", "title": "Magnesium", "schedule": "daily"},
        headers=patient.headers,
    )
    for symptoms in (["swelling"], ["numbness"], ["difficulty_walking"]):
        client.post(
            "/api/v1/episodes", json=episode_body(symptoms=symptoms, severity=9), headers=patient.headers
        )
    share(client, patient, clinician)

    for path in ("", "/warnings", "/insights?days=30", "/care-plan", "/episodes"):
        answer = client.get(f"/api/v1/patients/{patient.id}{path}", headers=clinician.headers)
        assert answer.status_code == 200, path
        spoken = [text for text in strings_in(answer.json) if SECOND_PERSON.search(text)]
        assert spoken == [], path


def test_the_patient_still_hears_their_own_voice(diary_for):
    diary = diary_for("Europe/London", conditions=["diabetes"])

    (warning,) = compute_warnings(diary.patient, now=diary.now)
    (for_clinician,) = compute_warnings(diary.patient, now=diary.now, voice=CLINICIAN)

    assert warning["message"].startswith("Your profile lists")
    assert for_clinician["message"].startswith("The patient's profile lists")
    assert uuid.UUID(diary.actor.id) == diary.patient.id
