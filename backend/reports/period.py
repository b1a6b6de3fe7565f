"""The period a report covers, and the period of equal length just before it that it compares with."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..auth.models import User
from ..database import utcnow
from ..insights.service import MAX_INSIGHT_DAYS
from ..insights.windows import Days, local_now

DEFAULT_DAYS = 28
# Far enough either way for any real diary, near enough that the period before never leaves the
# calendar (date.min minus five years would overflow).
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2200, 12, 31)
TOO_LONG = f"A report covers at most {MAX_INSIGHT_DAYS} days (five years)."


class ReportQuerySchema(Schema):
    from_ = fields.Date(
        data_key="from",
        validate=validate.Range(EARLIEST_DAY, LATEST_DAY),
        metadata={"description": "First night (YYYY-MM-DD). Default: 27 nights before `to`."},
    )
    to = fields.Date(
        validate=validate.Range(EARLIEST_DAY, LATEST_DAY),
        metadata={"description": "Last night (YYYY-MM-DD), included. Default: today, in the patient's zone."},
    )

    @validates_schema
    def a_forward_period_of_at_most_five_years(self, data, **kwargs):
        first, last = data.get("from_"), data.get("to")
        if first and last and first > last:
            raise ValidationError("Must not be after `to`.", field_name="from")
        if first and last and (last - first).days + 1 > MAX_INSIGHT_DAYS:
            raise ValidationError(TOO_LONG, field_name="from")


@dataclass(frozen=True)
class ReportPeriod:
    nights: Days
    before: Days

    @property
    def days(self) -> int:
        return self.nights.count


def report_period(patient: User, first: date | None, last: date | None, now: datetime | None = None):
    """The nights asked for (by default the last 28, today included) and as many just before.

    A period given by `from` alone runs to today, which may make it longer than five years: that
    is refused here, where today is known, as the schema refuses it when both ends are given.
    """
    now = now or utcnow()
    last = last or local_now(patient, now).date()
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise ValidationError({"from": ["Must not be after `to` (today, when `to` is left out)."]})
    # A cramp logged ahead of its time counts in no figure until its time has come.
    nights = Days(first, last, patient.timezone, until=now)
    if nights.count > MAX_INSIGHT_DAYS:
        raise ValidationError({"from": [TOO_LONG]})
    before = Days.ending(first - timedelta(days=1), nights.count, patient.timezone, until=now)
    return ReportPeriod(nights, before)
