"""How the cramps of a window spread out: over the 0-10 severity scale and over the hours of the
night. The medians of severity and duration are in `trends.weekly`'s totals; these are the figures
that did not exist yet, for the visit report."""

import uuid
from collections import Counter
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..episodes.models import Episode
from ..extensions import db
from .trends import in_window
from .windows import Days

SEVERITY_SCORES = range(11)
HOURS = range(24)


def severity_distribution(patient_id: uuid.UUID, nights: Days) -> dict:
    """Cramps per score 0 to 10 (every score present, zeros too) and how many were not rated."""
    query = (
        select(Episode.severity, func.count()).where(in_window(patient_id, nights)).group_by(Episode.severity)
    )
    counts = dict(db.session.execute(query).all())
    return {
        "scores": [{"score": score, "count": counts.get(score, 0)} for score in SEVERITY_SCORES],
        "unrated": counts.get(None, 0),
    }


def hour_histogram(patient_id: uuid.UUID, nights: Days) -> list[dict]:
    """Cramps by the local hour they started, 0 to 23, in the patient's zone.

    The local hour depends on the date (summer time) and, in half-hour zones, on the minute, so the
    start times are read and converted here rather than grouped in SQL: one small column, about
    1,300 rows for five years of a busy diary.
    """
    zone = ZoneInfo(nights.time_zone)
    starts = db.session.scalars(select(Episode.started_at).where(in_window(patient_id, nights)))
    counts = Counter(started_at.astimezone(zone).hour for started_at in starts)
    return [{"hour": hour, "count": counts.get(hour, 0)} for hour in HOURS]
