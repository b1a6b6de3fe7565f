"""Which night a cramp belongs to: the local evening on which that night began."""

from datetime import UTC, date, datetime, timedelta

import pytest

from backend.episodes.service import night_of


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(autouse=True)
def _night_ends_at_noon(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "NIGHT_ENDS_AT_HOUR", 12)


def test_cramp_at_three_in_the_morning_belongs_to_the_evening_before():
    assert night_of(at("2026-11-05T03:00:00+00:00"), "UTC") == date(2026, 11, 4)


def test_cramp_at_half_past_eleven_at_night_belongs_to_the_same_day():
    assert night_of(at("2026-11-05T23:30:00+00:00"), "UTC") == date(2026, 11, 5)


def test_cramp_just_after_midnight_belongs_to_the_evening_before():
    assert night_of(at("2026-11-05T00:00:00+00:00"), "UTC") == date(2026, 11, 4)


def test_one_minute_before_noon_is_still_last_night():
    assert night_of(at("2026-11-05T11:59:00+00:00"), "UTC") == date(2026, 11, 4)


def test_noon_starts_the_next_night():
    assert night_of(at("2026-11-05T12:00:00+00:00"), "UTC") == date(2026, 11, 5)


def test_the_last_microsecond_before_noon_is_still_last_night():
    assert night_of(at("2026-11-05T11:59:59.999999+00:00"), "UTC") == date(2026, 11, 4)


def test_the_hour_that_ends_a_night_comes_from_the_configuration(app, monkeypatch):
    monkeypatch.setitem(app.config, "NIGHT_ENDS_AT_HOUR", 6)

    assert night_of(at("2026-11-05T05:59:00+00:00"), "UTC") == date(2026, 11, 4)
    assert night_of(at("2026-11-05T06:00:00+00:00"), "UTC") == date(2026, 11, 5)


def test_the_offset_the_client_sent_does_not_matter_only_the_instant():
    # 03:00 in New York is 08:00 UTC and 09:00 in Paris: the patient's zone decides.
    sent_from_new_york = at("2026-11-05T03:00:00-05:00")
    same_instant_in_utc = sent_from_new_york.astimezone(UTC)

    assert night_of(sent_from_new_york, "Europe/Paris") == night_of(same_instant_in_utc, "Europe/Paris")
    assert night_of(sent_from_new_york, "Europe/Paris") == date(2026, 11, 4)


@pytest.mark.parametrize(
    ("started_at", "time_zone", "night"),
    [
        # London in winter is UTC.
        ("2026-01-10T03:00:00+00:00", "Europe/London", "2026-01-09"),
        # London in summer is UTC+1: 11:30 UTC is 12:30 local, a new night.
        ("2026-07-10T11:30:00+00:00", "Europe/London", "2026-07-10"),
        # New York in winter is UTC-5: 04:00 UTC is 23:00 the day before.
        ("2026-01-10T04:00:00+00:00", "America/New_York", "2026-01-09"),
        ("2026-01-10T16:59:00+00:00", "America/New_York", "2026-01-09"),
        ("2026-01-10T17:00:00+00:00", "America/New_York", "2026-01-10"),
        # Kolkata is UTC+05:30, a half-hour offset.
        ("2026-11-05T06:29:00+00:00", "Asia/Kolkata", "2026-11-04"),
        ("2026-11-05T06:30:00+00:00", "Asia/Kolkata", "2026-11-05"),
        # 18:30 UTC is local midnight on the 5th: still the night of the 4th.
        ("2026-11-04T18:30:00+00:00", "Asia/Kolkata", "2026-11-04"),
        # Chatham is UTC+12:45 in (southern) winter and UTC+13:45 in summer.
        ("2026-06-30T23:14:00+00:00", "Pacific/Chatham", "2026-06-30"),
        ("2026-06-30T23:15:00+00:00", "Pacific/Chatham", "2026-07-01"),
        ("2026-11-04T22:14:00+00:00", "Pacific/Chatham", "2026-11-04"),
        ("2026-11-04T22:15:00+00:00", "Pacific/Chatham", "2026-11-05"),
        # 15:00 UTC on the 4th is 03:45 on the 5th in Chatham: the night of the 4th.
        ("2026-07-04T15:00:00+00:00", "Pacific/Chatham", "2026-07-04"),
    ],
)
def test_night_follows_the_patients_time_zone(started_at, time_zone, night):
    assert night_of(at(started_at), time_zone) == date.fromisoformat(night)


@pytest.mark.parametrize(
    ("started_at", "time_zone", "night"),
    [
        # Europe/London springs forward on 2026-03-29: 01:00 GMT becomes 02:00 BST.
        ("2026-03-29T00:30:00+00:00", "Europe/London", "2026-03-28"),
        # 01:30 local does not exist that night; 01:30 UTC is 02:30 BST.
        ("2026-03-29T01:30:00+00:00", "Europe/London", "2026-03-28"),
        # A client that wrote the missing hour with the summer offset means 00:30 GMT.
        ("2026-03-29T01:30:00+01:00", "Europe/London", "2026-03-28"),
        # By noon the clocks have moved: 11:00 UTC is 12:00 BST, a new night; 10:59 UTC is not.
        ("2026-03-29T10:59:00+00:00", "Europe/London", "2026-03-28"),
        ("2026-03-29T11:00:00+00:00", "Europe/London", "2026-03-29"),
        # Europe/London falls back on 2026-10-25: 02:00 BST becomes 01:00 GMT, 01:xx happens twice.
        ("2026-10-25T00:30:00+00:00", "Europe/London", "2026-10-24"),  # 01:30 BST, first time
        ("2026-10-25T01:30:00+00:00", "Europe/London", "2026-10-24"),  # 01:30 GMT, second time
        # After the change 11:30 UTC is 11:30 GMT, still last night (it was 12:30 BST the day before).
        ("2026-10-25T11:30:00+00:00", "Europe/London", "2026-10-24"),
        ("2026-10-24T11:30:00+00:00", "Europe/London", "2026-10-24"),
        ("2026-10-25T12:00:00+00:00", "Europe/London", "2026-10-25"),
        # America/New_York springs forward on 2026-03-08: 02:00 EST becomes 03:00 EDT.
        ("2026-03-08T06:30:00+00:00", "America/New_York", "2026-03-07"),  # 01:30 EST
        ("2026-03-08T07:30:00+00:00", "America/New_York", "2026-03-07"),  # 03:30 EDT; 02:30 never happened
        ("2026-03-08T15:59:00+00:00", "America/New_York", "2026-03-07"),  # 11:59 EDT
        ("2026-03-08T16:00:00+00:00", "America/New_York", "2026-03-08"),  # 12:00 EDT
        # America/New_York falls back on 2026-11-01: 02:00 EDT becomes 01:00 EST, 01:xx happens twice.
        ("2026-11-01T05:30:00+00:00", "America/New_York", "2026-10-31"),  # 01:30 EDT, first time
        ("2026-11-01T06:30:00+00:00", "America/New_York", "2026-10-31"),  # 01:30 EST, second time
        ("2026-11-01T16:30:00+00:00", "America/New_York", "2026-10-31"),  # 11:30 EST
        ("2026-11-01T17:00:00+00:00", "America/New_York", "2026-11-01"),  # 12:00 EST
    ],
)
def test_night_is_right_across_daylight_saving_changes(started_at, time_zone, night):
    assert night_of(at(started_at), time_zone) == date.fromisoformat(night)


def test_every_minute_of_a_fall_back_night_belongs_to_one_night():
    start = at("2026-10-24T12:00:00+00:00")  # 13:00 BST on the 24th
    minutes = [start + timedelta(minutes=m) for m in range(0, 23 * 60 + 1)]  # to 11:00 GMT on the 25th

    assert {night_of(moment, "Europe/London") for moment in minutes} == {date(2026, 10, 24)}
