"""Validators and fields shared by the schemas of several domains."""

import re
from datetime import date
from functools import cache
from zoneinfo import available_timezones

from flask_smorest import abort
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

CALENDAR_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CLOCK_TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"


# Names the tz database ships that are not places: the machine's own zone, rule files, aliases
# of fixed offsets without a place, and the parallel posix/ and right/ trees.
NOT_PLACES = re.compile(r"(localtime|posixrules|Factory|posix/.*|right/.*)")


@cache
def time_zones() -> tuple[str, ...]:
    return tuple(sorted(zone for zone in available_timezones() if not NOT_PLACES.fullmatch(zone)))


def validate_time_zone(value: str) -> None:
    if value not in frozenset(time_zones()):
        raise ValidationError("Not a known IANA time zone, e.g. Europe/London.")


def time_zone_field(**kwargs) -> fields.String:
    """An IANA time zone, listed in the OpenAPI document so clients know the choices."""
    return fields.String(validate=validate_time_zone, metadata={"enum": list(time_zones())}, **kwargs)


def clock_time(description: str, example: str = "22:00", **kwargs) -> fields.Time:
    """A local wall-clock time, "HH:MM", in the patient's own time zone; null clears it."""
    metadata = {"pattern": CLOCK_TIME_PATTERN, "example": example, "description": description}
    return fields.Time(allow_none=True, format="%H:%M", metadata=metadata, **kwargs)


def no_nul_characters(value: str) -> None:
    # PostgreSQL text cannot hold U+0000; refusing it everywhere keeps both databases alike.
    if "\x00" in value:
        raise ValidationError("Must not contain the NUL character.")


class ChangeSchema(Schema):
    """A PATCH body: it must change something, so an empty body is a mistake, not a no-op."""

    @validates_schema
    def something_to_change(self, data, **kwargs):
        if not set(data) - {"version"}:
            raise ValidationError("Send at least one field to change.")


def one_of(vocabulary: dict) -> validate.OneOf:
    return validate.OneOf(list(vocabulary))


def unique_items(values: list) -> None:
    if len(values) != len(set(values)):
        raise ValidationError("Each value may appear only once.")


def code_list(vocabulary: dict, **kwargs) -> fields.List:
    return fields.List(
        fields.String(validate=one_of(vocabulary)),
        validate=[validate.Length(max=len(vocabulary)), unique_items],
        metadata={"uniqueItems": True},
        **kwargs,
    )


def aware_datetime(**kwargs) -> fields.AwareDateTime:
    """An ISO 8601 timestamp that must carry its offset, so no clock is guessed."""
    return fields.AwareDateTime(format="iso", **kwargs)


def parse_path_date(value: str, field: str = "date") -> date:
    try:
        # fromisoformat alone would also take other ISO spellings such as 20260115 or 2026-W03-4.
        if not CALENDAR_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        abort(422, errors={field: ["Not a valid date (YYYY-MM-DD)."]})


def expected_version(body_version: int | None, if_match: str | None) -> int | None:
    """The version a client based its edit on: `If-Match` header or the body's `version`."""
    if if_match:
        tag = if_match.strip().removeprefix("W/").strip('"')
        if not tag.isdigit():
            abort(400, message='If-Match must be a version number such as "3".')
        return int(tag)
    return body_version
