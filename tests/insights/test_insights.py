"""compute_insights against a small diary worked out by hand.

NOW is Friday 2026-11-20 15:00 local; days=14 covers the nights 2026-11-07 (Sat) .. 2026-11-20.
Monday-start weeks: 2026-11-02 (nights 7-8: 2 in the window), 2026-11-09 (7), 2026-11-16 (16-20: 5).
A cramp before noon belongs to the night before.
"""

from datetime import date

import pytest

from backend.insights.service import compute_insights


@pytest.fixture
def worked_example(diary):
    d = diary
    # night 11-07 (week 11-02): two cramps
    d.episode(
        "2026-11-07 23:30", seconds=120, severity=6, triggers=["dehydration"], reliefs={"stretching": "full"}
    )
    d.episode("2026-11-08 02:00", seconds=60, severity=8, reliefs={"stretching": "none", "massage": "some"})
    # night 11-06: started on the 7th, but its night is before the window
    d.episode("2026-11-07 03:00", seconds=45, severity=2)
    # week 11-09: nights 11-09 and 11-12; the second has no end, so no duration
    d.episode(
        "2026-11-10 01:00",
        seconds=300,
        severity=4,
        muscle="foot",
        side="right",
        triggers=["dehydration", "long_standing"],
        reliefs={"massage": "none"},
    )
    d.episode(
        "2026-11-12 22:00",
        seconds=None,
        severity=5,
        muscle="hamstrings",
        side="both",
        triggers=["long_standing"],
    )
    d.episode("2026-11-13 03:00", severity=10, deleted=True)
    # week 11-16: nights 11-16 and 11-19; the first has no severity
    d.episode("2026-11-17 04:00", seconds=90, severity=None, reliefs={"stretching": "some"})
    d.episode("2026-11-20 03:00", seconds=30, severity=7, side="right")

    stretch = d.item(
        "Stretch calves before bed", category="stretching", schedule="bedtime", start="2026-11-01"
    )
    water = d.item("Drink water", category="hydration", start="2026-11-15")
    magnesium = d.item("Magnesium tablet", category="supplement", schedule="as_needed", start="2026-10-01")
    morning = d.item("Calf stretch in the morning", category="stretching", status="paused")
    d.item("Old plan", end_date=date(2026, 11, 5), status="stopped")
    for day, done in [
        ("2026-10-31", True),  # before the window
        ("2026-11-07", True),
        ("2026-11-08", True),
        ("2026-11-09", False),
        ("2026-11-12", False),
        ("2026-11-16", True),
        ("2026-11-19", True),
        ("2026-11-20", True),  # tonight: not over, so not in the night comparison
    ]:
        d.check(stretch, day, done)
    d.check(water, "2026-11-14", True)  # before the item began: not counted
    d.check(water, "2026-11-15", True)
    d.check(water, "2026-11-16", False)
    d.check(water, "2026-11-20", True)
    d.check(morning, "2026-11-10", True)
    return d, {"stretch": stretch, "water": water, "magnesium": magnesium, "morning": morning}


def insights_of(diary, days=14) -> dict:
    return compute_insights(diary.patient, days, now=diary.now)


def test_window_and_totals(worked_example):
    diary, _ = worked_example

    insights = insights_of(diary)

    assert (insights["days"], insights["from"], insights["to"]) == (14, "2026-11-07", "2026-11-20")
    assert insights["totals"] == {
        "nights": 14,
        "cramps": 6,  # the 11-06 night and the deleted one left out
        "cramp_nights": 5,  # 11-07, 11-09, 11-12, 11-16, 11-19
        "covered_nights": 14,  # the diary is older than the window
        "cramps_per_week": 3.0,  # 6 * 7 / 14
        "severity_average": 6.0,  # (6 + 8 + 4 + 5 + 7) / 5
        "severity_median": 6.0,  # 4 5 [6] 7 8
        "duration_average_seconds": 120.0,  # (120 + 60 + 300 + 90 + 30) / 5
        "duration_median_seconds": 90.0,  # 30 60 [90] 120 300
    }


def test_weeks_start_on_monday_in_local_time(worked_example):
    diary, _ = worked_example

    weeks = insights_of(diary)["weeks"]

    assert weeks == [
        {
            "week_start": "2026-11-02",
            "nights": 2,
            "partial": True,  # the window begins on its Saturday
            "cramps": 2,
            "cramp_nights": 1,
            "severity_average": 7.0,  # (6 + 8) / 2
            "severity_median": 7.0,
            "duration_average_seconds": 90.0,  # (120 + 60) / 2
            "duration_median_seconds": 90.0,
        },
        {
            "week_start": "2026-11-09",
            "nights": 7,
            "partial": False,
            "cramps": 2,
            "cramp_nights": 2,
            "severity_average": 4.5,  # (4 + 5) / 2
            "severity_median": 4.5,
            "duration_average_seconds": 300.0,  # only one has an end
            "duration_median_seconds": 300.0,
        },
        {
            "week_start": "2026-11-16",
            "nights": 5,
            "partial": True,  # still going on: today is its Friday
            "cramps": 2,
            "cramp_nights": 2,
            "severity_average": 7.0,  # only one rated
            "severity_median": 7.0,
            "duration_average_seconds": 60.0,  # (90 + 30) / 2
            "duration_median_seconds": 60.0,
        },
    ]


def test_muscles_sides_triggers_and_reliefs_ranked(worked_example):
    diary, _ = worked_example

    insights = insights_of(diary)

    assert insights["muscles"] == [
        {"code": "calf", "count": 4, "share": 0.67},
        {"code": "foot", "count": 1, "share": 0.17},
        {"code": "hamstrings", "count": 1, "share": 0.17},
    ]
    assert insights["sides"] == [
        {"code": "left", "count": 3, "share": 0.5},
        {"code": "right", "count": 2, "share": 0.33},
        {"code": "both", "count": 1, "share": 0.17},
    ]
    assert insights["triggers"] == [
        {"code": "dehydration", "count": 2, "share": 0.33},
        {"code": "long_standing", "count": 2, "share": 0.33},
    ]
    assert insights["reliefs"] == [
        # stretching: full, none, some -> helped 2 of 3; massage: some, none -> 1 of 2
        {"method": "stretching", "tried": 3, "helped": 2, "stopped_it": 1, "helped_rate": 0.67},
        {"method": "massage", "tried": 2, "helped": 1, "stopped_it": 0, "helped_rate": 0.5},
    ]


def test_adherence_per_item(worked_example):
    diary, items = worked_example

    rows = {row["title"]: row for row in insights_of(diary)["adherence"]}

    assert set(rows) == {
        "Stretch calves before bed",
        "Drink water",
        "Magnesium tablet",
        "Calf stretch in the morning",
    }
    assert rows["Stretch calves before bed"] == {
        "item_id": str(items["stretch"].id),
        "title": "Stretch calves before bed",
        "category": "stretching",
        "schedule": "bedtime",
        "status": "active",
        "done": 5,  # 7, 8, 16, 19, 20
        "skipped": 2,  # 9, 12
        "checked_days": 7,
        "done_rate_checked": 0.71,  # 5 / 7
        "scheduled_days": 14,  # in the plan the whole window; today (20) is ticked, so it counts
        "expected": 14,
        "rate": 0.36,  # 5 / 14
    }
    water = rows["Drink water"]
    # 15 done, 16 skipped, 20 done; 14 was before the item began. In the plan 15..20: 6 days.
    assert (water["done"], water["skipped"], water["scheduled_days"], water["rate"]) == (
        2,
        1,
        6,
        0.33,
    )
    magnesium = rows["Magnesium tablet"]
    assert (magnesium["checked_days"], magnesium["done_rate_checked"], magnesium["expected"]) == (
        0,
        None,
        None,
    )
    morning = rows["Calf stretch in the morning"]  # paused with no pause kept: no day counts as missed
    assert (morning["done"], morning["done_rate_checked"], morning["scheduled_days"], morning["rate"]) == (
        1,
        1.0,
        0,
        None,
    )


def test_nights_after_a_done_or_skipped_bedtime_item(worked_example):
    diary, items = worked_example

    [row] = insights_of(diary)["bedtime_nights"]

    assert row["item_id"] == str(items["stretch"].id)
    # Done nights 7 (2 cramps), 8 (0), 16 (1), 19 (1); night 20 is not over at 15:00.
    assert row["done"] == {
        "nights": 4,
        "nights_with_cramps": 3,
        "cramps": 4,
        "cramp_night_rate": 0.75,
        "cramps_per_night": 1.0,
    }
    # Skipped nights 9 (1 cramp) and 12 (1).
    assert row["skipped"] == {
        "nights": 2,
        "nights_with_cramps": 2,
        "cramps": 2,
        "cramp_night_rate": 1.0,
        "cramps_per_night": 1.0,
    }


def test_evidence_for_active_items_only(worked_example):
    diary, items = worked_example

    evidence = insights_of(diary)["evidence"]

    assert [(entry["item_id"], [note["key"] for note in entry["notes"]]) for entry in evidence] == [
        (str(items["stretch"].id), ["stretching_before_sleep"]),
        (str(items["magnesium"].id), ["magnesium"]),
    ]


def test_summary_sentences_observe_without_claiming_a_cause(worked_example):
    diary, _ = worked_example

    assert insights_of(diary)["summary"] == [
        "6 cramps on 5 nights in the last 14 days, about 3.0 a week.",
        "Severity averaged 6.0 out of 10 (median 6).",
        "A typical cramp lasted about 2 minutes.",
        "Calf: 4 of 6 cramps, the muscle named most.",
        "Trigger noted most often: not enough to drink (2 cramps).",
        "Stretching helped most often: 2 of the 3 times it was tried.",
        "“Stretch calves before bed”: done on 5 of the 14 days it was in the plan.",
        "“Drink water”: done on 2 of the 6 days it was in the plan.",
        "“Calf stretch in the morning”: done on 1 of the 1 day it was ticked.",
    ]


def test_the_comparison_is_worded_once_both_sides_have_enough_nights(app, monkeypatch, worked_example):
    diary, _ = worked_example
    monkeypatch.setitem(app.config, "INSIGHTS_MIN_COMPARISON_NIGHTS", 2)

    assert insights_of(diary)["summary"][-1] == (
        "On the 4 nights after “Stretch calves before bed” was done, cramps came on 3 (75%); "
        "on the 2 nights it was skipped, on 2 (100%). This shows what happened, not what caused it."
    )


def test_the_morning_after_a_night_is_not_over_until_noon(worked_example):
    diary, _ = worked_example
    # At 11:00 on the 20th the night of the 19th is still going: only nights up to the 18th count.
    at_eleven = diary.at("2026-11-20 11:00")

    [row] = compute_insights(diary.patient, 14, now=at_eleven)["bedtime_nights"]

    assert (row["done"]["nights"], row["done"]["cramps"]) == (3, 3)


def test_an_empty_diary_says_so(diary):
    insights = insights_of(diary, days=90)

    assert insights["totals"]["cramps"] == 0
    assert len(insights["weeks"]) == 14  # 2026-08-23 (a Sunday) .. 2026-11-20: weeks of 08-17 .. 11-16
    assert insights["summary"] == ["No cramps logged in the last 90 days."]
    assert insights["muscles"] == insights["triggers"] == insights["reliefs"] == insights["adherence"] == []


@pytest.mark.parametrize("days", [0, 1826])
def test_the_window_must_be_one_day_to_five_years(diary, days):
    with pytest.raises(ValueError):
        compute_insights(diary.patient, days, now=diary.now)
