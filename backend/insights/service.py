"""What other packages call: warning signs and insights for a patient, as JSON-ready dicts.

Dates are ISO strings and ids are strings, so a view can return the result with or without a
schema. `now` is for tests and batch jobs; it defaults to the current time.
"""

import uuid
from datetime import datetime

from ..auth.models import User
from ..database import utcnow
from .adherence import adherence, bedtime_nights, plan_items
from .evidence import evidence_for_item
from .messages import CLINICIAN, PATIENT, Voice
from .summary import summarise
from .trends import diary_began, muscles_and_sides, reliefs, triggers, weekly
from .warning_signs import warning_summaries
from .windows import Days, last_complete_night, local_now

__all__ = [
    "CLINICIAN",
    "PATIENT",
    "compute_insights",
    "compute_warnings",
    "evidence_for_item",
    "warning_summaries",
]

MAX_INSIGHT_DAYS = 1825


def compute_warnings(patient: User, now: datetime | None = None, voice: Voice = PATIENT) -> list[dict]:
    """The patient's warning signs, most serious first, worded for `voice`."""
    return warning_summaries([patient], now, voice)[patient.id]


def _evidence(items) -> list[dict]:
    return [
        {"item_id": str(item.id), "title": item.title, "notes": notes}
        for item in items
        if item.status == "active" and (notes := evidence_for_item(item))
    ]


def compute_insights(patient: User, days: int, now: datetime | None = None) -> dict:
    """Trends over the patient's last `days` nights (tonight included), in their time zone."""
    if not 1 <= days <= MAX_INSIGHT_DAYS:
        raise ValueError(f"days must be 1 to {MAX_INSIGHT_DAYS}, not {days}")
    today = local_now(patient, now).date()
    nights = Days.ending(today, days, patient.timezone, until=now or utcnow())
    # Tonight's and an unfinished last night's tally would look like cramp-free nights.
    finished = Days(
        nights.first, min(nights.last, last_complete_night(patient, now)), patient.timezone, nights.until
    )
    patient_id: uuid.UUID = patient.id
    items = plan_items(patient_id)

    account_created = local_now(patient, patient.created_at).date() if patient.created_at else None
    weeks, totals = weekly(patient_id, nights, diary_began(patient_id, account_created, nights))
    muscles, sides = muscles_and_sides(patient_id, nights, totals["cramps"])
    insights = {
        "days": days,
        "from": nights.first.isoformat(),
        "to": nights.last.isoformat(),
        "timezone": patient.timezone,
        "totals": totals,
        "weeks": weeks,
        "muscles": muscles,
        "sides": sides,
        "triggers": triggers(patient_id, nights, totals["cramps"]),
        "reliefs": reliefs(patient_id, nights),
        "adherence": adherence(patient_id, items, nights, today),
        "bedtime_nights": bedtime_nights(patient_id, items, finished) if finished.count > 0 else [],
        "evidence": _evidence(items),
    }
    insights["summary"] = summarise(insights)
    return insights
