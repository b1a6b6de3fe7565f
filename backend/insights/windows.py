"""Local calendar days in the patient's own time zone, and the UTC instants that bound them."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from ..auth.models import User
from ..database import utcnow


def local_now(patient: User, now: datetime | None = None) -> datetime:
    return (now or utcnow()).astimezone(ZoneInfo(patient.timezone))


def local_midnight(day: date, time_zone: str) -> datetime:
    """The UTC instant at which `day` begins in the zone (DST days included)."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


@dataclass(frozen=True)
class Days:
    """A run of whole local days, first and last included."""

    first: date
    last: date
    time_zone: str
    # Nothing that starts after this instant counts yet: a cramp logged ahead of its time (a
    # wrong phone clock, a typo) waits until its time has come.
    until: datetime | None = None

    @classmethod
    def ending(cls, last: date, count: int, time_zone: str, until: datetime | None = None) -> "Days":
        return cls(last - timedelta(days=count - 1), last, time_zone, until)

    @property
    def count(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        return local_midnight(self.first, self.time_zone)

    @property
    def end(self) -> datetime:
        """Exclusive: the first instant after the last day."""
        return local_midnight(self.last + timedelta(days=1), self.time_zone)


def last_complete_night(patient: User, now: datetime | None = None) -> date:
    """The latest night that is over: a night ends at NIGHT_ENDS_AT_HOUR the next morning."""
    hours = current_app.config["NIGHT_ENDS_AT_HOUR"]
    return (local_now(patient, now) - timedelta(hours=hours)).date() - timedelta(days=1)
