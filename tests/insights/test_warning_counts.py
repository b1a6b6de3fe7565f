"""`frequent` and `rising`: counts over the patient's own local days, at and just below threshold.

NOW is Friday 2026-11-20 15:00 local. The last 7 days begin Saturday 2026-11-14 00:00; the last
14 days begin 2026-11-07 00:00; their baseline is the 56 days 2026-09-12 .. 2026-11-06.
"""

import pytest

from backend.insights.service import compute_warnings
from tests.support.zones import ZONES


def codes(diary) -> list[str]:
    return [warning["code"] for warning in compute_warnings(diary.patient, now=diary.now)]


def warning_named(diary, code: str) -> dict:
    [found] = [w for w in compute_warnings(diary.patient, now=diary.now) if w["code"] == code]
    return found


def test_frequent_fires_at_four_cramps_in_the_last_seven_local_days(diary):
    first = diary.episode("2026-11-14 00:00")  # the window's first local instant
    others = [diary.episode(day) for day in ("2026-11-16 03:00", "2026-11-18 03:00", "2026-11-20 14:59")]

    warning = warning_named(diary, "frequent")

    assert warning["level"] == "advice"
    assert warning["evidence"] == {
        "episode_ids": [str(e.id) for e in reversed([first, *others])],  # newest first
        "episodes": [
            {"id": str(e.id), "started_at": e.started_at.isoformat()} for e in reversed([first, *others])
        ],
        "episode_count": 4,
        "from": "2026-11-14",
        "to": "2026-11-20",
    }
    assert "4 cramps" in warning["message"]
    assert "clinician" in warning["advice"]


def test_frequent_stays_quiet_when_the_fourth_is_a_minute_before_the_local_week(diary):
    # 2026-11-13 23:59 local is the 14th in UTC for Los Angeles: only the local day counts.
    diary.episode("2026-11-13 23:59")
    for day in ("2026-11-14 00:00", "2026-11-16 03:00", "2026-11-20 14:59"):
        diary.episode(day)

    assert "frequent" not in codes(diary)


def test_deleted_and_future_cramps_do_not_count(diary):
    for day in ("2026-11-14 02:00", "2026-11-16 03:00", "2026-11-18 03:00"):
        diary.episode(day)
    diary.episode("2026-11-19 03:00", deleted=True)
    diary.episode("2026-11-21 00:00")  # tomorrow, local

    assert "frequent" not in codes(diary)


def test_frequent_threshold_comes_from_configuration(app, monkeypatch, diary):
    monkeypatch.setitem(app.config, "WARNING_FREQUENT_MIN_EPISODES", 2)
    diary.episode("2026-11-15 03:00")
    diary.episode("2026-11-17 03:00")

    assert "frequent" in codes(diary)


def spread(diary, count: int, first_day: int, month: str = "2026-10") -> None:
    for index in range(count):
        diary.episode(f"{month}-{first_day + index:02d} 03:00")


RECENT = ("2026-11-07 00:00", "2026-11-09 03:00", "2026-11-11 03:00", "2026-11-16 03:00")


def test_rising_fires_when_the_recent_rate_is_exactly_twice_the_baseline(diary):
    spread(diary, 8, first_day=1)  # 8 in the 8-week baseline: 1 a week
    recent = [diary.episode(day) for day in RECENT]  # 4 in 2 weeks: 2 a week

    warning = warning_named(diary, "rising")

    assert warning["level"] == "advice"
    assert warning["evidence"]["episode_ids"] == [str(e.id) for e in reversed(recent)]
    assert warning["evidence"]["recent_weekly_rate"] == 2.0
    assert warning["evidence"]["baseline_weekly_rate"] == 1.0
    assert warning["evidence"]["baseline_days"] == 56
    assert "frequent" not in codes(diary)  # only one of them is in the last 7 days


def test_rising_stays_quiet_just_below_twice_the_baseline(diary):
    spread(diary, 8, first_day=1)
    # The ninth baseline cramp is a minute before the recent window: 9 / 8 weeks = 1.125 a week.
    diary.episode("2026-11-06 23:59")
    for day in RECENT:
        diary.episode(day)

    assert "rising" not in codes(diary)


def test_rising_stays_quiet_with_three_recent_cramps_even_from_none(diary):
    for day in RECENT[:3]:
        diary.episode(day)

    assert "rising" not in codes(diary)


def test_rising_from_an_empty_baseline_fires_when_the_diary_covers_it(diary):
    # The account is old: eight weeks without a cramp, then four in two weeks.
    for day in RECENT:
        diary.episode(day)

    warning = warning_named(diary, "rising")

    assert warning["evidence"]["baseline_count"] == 0
    assert "none logged" in warning["message"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("created", "fires"),
    [
        ("2026-10-24 09:00", True),  # 14 baseline days, 2026-10-24 .. 2026-11-06: enough
        ("2026-10-25 09:00", False),  # 13 days: a new diary, nothing to compare with
    ],
)
def test_rising_needs_two_weeks_of_diary_before_the_recent_days(diary_for, zone, created, fires):
    diary = diary_for(zone, created=created)
    for day in RECENT:
        diary.episode(day)

    assert ("rising" in codes(diary)) is fires


@pytest.mark.parametrize("zone", ZONES)
def test_rising_uses_the_shortened_baseline_rate_of_a_young_diary(diary_for, zone):
    diary = diary_for(zone, created="2026-10-10 09:00")  # covers 28 baseline days
    spread(diary, 3, first_day=12)  # 3 in 4 weeks: 0.75 a week; 2 a week is more than twice that
    for day in RECENT:
        diary.episode(day)

    warning = warning_named(diary, "rising")

    assert warning["evidence"]["baseline_days"] == 28
    assert warning["evidence"]["baseline_weekly_rate"] == 0.75


@pytest.mark.parametrize("zone", ZONES)
def test_cramps_written_up_from_before_the_account_give_a_full_baseline(diary_for, zone):
    diary = diary_for(zone, created="2026-11-01 09:00")
    diary.episode("2026-08-01 03:00")  # logged after sign-up, from the patient's own notes
    for day in RECENT:
        diary.episode(day)

    assert warning_named(diary, "rising")["evidence"]["baseline_days"] == 56
