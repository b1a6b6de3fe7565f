"""Shared validators and the one error shape."""

from datetime import date

import pytest
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from backend.errors import error_body
from backend.validation import (
    expected_version,
    no_nul_characters,
    parse_path_date,
    unique_items,
    validate_time_zone,
)


@pytest.mark.parametrize(
    ("body_version", "if_match", "expected"),
    [
        (None, None, None),
        (3, None, 3),
        (None, '"4"', 4),
        (3, '"4"', 4),
        (None, 'W/"5"', 5),
        (None, "6", 6),
        (None, ' "7" ', 7),
    ],
)
def test_expected_version_prefers_if_match(body_version, if_match, expected):
    assert expected_version(body_version, if_match) == expected


@pytest.mark.parametrize("if_match", ['"abc"', "*", '"-1"', '"1.5"'])
def test_expected_version_refuses_an_if_match_that_is_not_a_version(if_match):
    with pytest.raises(HTTPException) as raised:
        expected_version(None, if_match)

    assert raised.value.code == 400


def test_parse_path_date_reads_a_calendar_date():
    assert parse_path_date("2026-02-28") == date(2026, 2, 28)


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "20260228", "2026-W09-6", "2026-2-28", ""])
def test_parse_path_date_refuses_anything_else_with_a_field_error(value):
    with pytest.raises(HTTPException) as raised:
        parse_path_date(value, field="day")

    assert raised.value.code == 422
    assert "day" in raised.value.data["errors"]


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "Asia/Kolkata", "Pacific/Chatham"])
def test_known_time_zones_pass(zone):
    validate_time_zone(zone)


@pytest.mark.parametrize(
    "zone",
    [
        "",
        "Mars/Olympus_Mons",
        "+05:30",
        "europe/london",
        "Europe/London ",
        "localtime",
        "posixrules",
        "Factory",
        "posix/Europe/London",
        "right/UTC",
    ],
)
def test_unknown_time_zones_fail(zone):
    with pytest.raises(ValidationError):
        validate_time_zone(zone)


def test_unique_items_refuses_repeats():
    unique_items(["a", "b"])
    with pytest.raises(ValidationError):
        unique_items(["a", "b", "a"])


def test_no_nul_characters_refuses_the_nul_character():
    no_nul_characters("plain text, even with émojis 🦵")
    with pytest.raises(ValidationError):
        no_nul_characters("a\x00b")


def test_error_body_has_the_one_shape():
    assert error_body(422, "Some fields are invalid.", {"severity": ["Too high."]}) == {
        "code": 422,
        "status": "Unprocessable Entity",
        "message": "Some fields are invalid.",
        "errors": {"severity": ["Too high."]},
    }


def test_error_body_leaves_out_empty_errors_and_adds_extras():
    assert error_body(409, "Changed.", None, current={"version": 2}) == {
        "code": 409,
        "status": "Conflict",
        "message": "Changed.",
        "current": {"version": 2},
    }
