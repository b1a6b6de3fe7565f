"""The per-episode rules: one cramp is enough, if it is inside the last 28 local days.

NOW is Friday 2026-11-20 15:00 local, so the window begins 2026-10-24 00:00 local. In Los Angeles
that is still summer time (UTC-7) while NOW is not (UTC-8): the bound must be the local midnight
of that day, not today's offset carried back.
"""

import pytest

from backend.insights.service import compute_warnings

# Fields of a cramp that breaks the rule, and of one just short of it.
RULES = {
    "severe_unrelieved": (
        {"severity": 8, "reliefs": {"stretching": "none"}},
        {"severity": 7, "reliefs": {"stretching": "none"}},
    ),
    "long_episode": ({"seconds": 601}, {"seconds": 600}),
    "swelling_redness": (
        {"muscle": "calf", "symptoms": ["redness"]},
        {"muscle": "foot", "symptoms": ["swelling", "redness"]},
    ),
    "numbness_weakness": ({"symptoms": ["weakness"]}, {"symptoms": ["soreness_after"]}),
    "difficulty_walking": ({"symptoms": ["difficulty_walking"]}, {"symptoms": ["soreness_after"]}),
}
LEVELS = {"swelling_redness": "urgent"}


def warnings_of(diary) -> dict[str, dict]:
    return {warning["code"]: warning for warning in compute_warnings(diary.patient, now=diary.now)}


@pytest.mark.parametrize("code", RULES)
def test_rule_names_the_cramp_on_the_first_local_day_of_the_window(diary, code):
    breaking, _ = RULES[code]
    inside = diary.episode("2026-10-24 00:00", **breaking)
    diary.episode("2026-10-23 23:59", **breaking)  # a minute too early

    warning = warnings_of(diary)[code]

    assert warning["level"] == LEVELS.get(code, "advice")
    assert warning["evidence"] == {
        "episode_ids": [str(inside.id)],
        "episodes": [{"id": str(inside.id), "started_at": inside.started_at.isoformat()}],
        "episode_count": 1,
        "from": "2026-10-24",
        "to": "2026-11-20",
    }
    assert warning["message"] and warning["advice"]


@pytest.mark.parametrize("code", RULES)
def test_rule_stays_quiet_just_short_of_its_threshold(diary, code):
    _, short = RULES[code]
    diary.episode("2026-11-19 03:00", **short)

    assert code not in warnings_of(diary)


@pytest.mark.parametrize(
    ("reliefs", "fires"),
    [
        ({}, True),  # nothing tried
        ({"stretching": "none", "massage": "none"}, True),
        ({"stretching": "none", "massage": "some"}, False),
        ({"heat": "full"}, False),
    ],
)
def test_severe_cramp_warns_only_when_nothing_helped(diary, reliefs, fires):
    diary.episode("2026-11-19 03:00", severity=8, reliefs=reliefs)

    assert ("severe_unrelieved" in warnings_of(diary)) is fires


def test_swelling_with_a_calf_cramp_is_urgent_and_says_to_seek_care(diary):
    diary.episode("2026-11-19 03:00", muscle="calf", symptoms=["swelling"])

    warning = warnings_of(diary)["swelling_redness"]

    assert warning["level"] == "urgent"
    assert "promptly" in warning["advice"]


def test_several_rules_can_name_the_same_cramp_and_urgent_comes_first(diary):
    both = diary.episode("2026-11-19 03:00", seconds=900, symptoms=["swelling", "numbness"])
    diary.episode("2026-11-18 03:00", seconds=700)

    warnings = compute_warnings(diary.patient, now=diary.now)

    assert [w["code"] for w in warnings] == ["swelling_redness", "long_episode", "numbness_weakness"]
    assert warnings[1]["evidence"]["episode_count"] == 2
    assert warnings[1]["evidence"]["episode_ids"][0] == str(both.id)


def test_lookback_window_comes_from_configuration(app, monkeypatch, diary):
    monkeypatch.setitem(app.config, "WARNING_LOOKBACK_DAYS", 60)
    diary.episode("2026-10-01 03:00", seconds=601)

    assert warnings_of(diary)["long_episode"]["evidence"]["from"] == "2026-09-22"
