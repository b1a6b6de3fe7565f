"""What the visit report says, as plain data: every figure read from the insights' own queries, so
the report, the app's trends and the clinician's screen never disagree. pdf.py lays it out."""

import uuid
from datetime import datetime

from sqlalchemy import select

from ..auth.models import User
from ..database import utcnow
from ..episodes.models import Episode
from ..extensions import db
from ..insights.adherence import adherence, bedtime_nights, plan_items
from ..insights.diary_signs import first_episode_starts
from ..insights.distribution import hour_histogram, severity_distribution
from ..insights.evidence import evidence_for_item
from ..insights.service import compute_warnings
from ..insights.trends import muscles_and_sides, reliefs, triggers, weekly
from ..insights.windows import Days, last_complete_night, local_now
from .period import ReportPeriod

WEEK = 7


def _period_figures(patient_id: uuid.UUID, nights: Days) -> dict:
    weeks, totals = weekly(patient_id, nights)
    return {
        "weeks": weeks,
        "cramps": totals["cramps"],
        "cramp_nights": totals["cramp_nights"],
        "cramp_nights_per_week": round(totals["cramp_nights"] * WEEK / nights.count, 1),
        "severity_median": totals["severity_median"],
        "duration_median_seconds": totals["duration_median_seconds"],
    }


def diary_began(patient: User) -> datetime | None:
    """The account's start, or the first cramp logged if that is earlier (a diary written up)."""
    first = first_episode_starts([patient.id]).get(patient.id)
    return min(filter(None, (patient.created_at, first)), default=None)


def _before_covered(patient: User, period: ReportPeriod) -> str:
    """'full', 'partial' or 'none': how much of the period before the diary was being kept, since
    "fewer than before" needs a before."""
    began = diary_began(patient)
    if began is None:
        return "none"
    first_day = local_now(patient, began).date()
    if first_day <= period.before.first:
        return "full"
    return "partial" if first_day <= period.before.last else "none"


def _warnings_in_period(patient: User, period: ReportPeriod, now: datetime) -> list[dict]:
    """The warning signs as they stood at the end of the period (or now, if sooner), each with the
    nights of its cramps that fall inside the period. Its `review` (who reviewed it, when; None
    while nobody has) comes with it from the warning signs' lifecycle."""
    as_of = min(now, period.nights.end)
    warnings = compute_warnings(patient, as_of)
    ids = {uuid.UUID(i) for warning in warnings for i in warning["evidence"].get("episode_ids", [])}
    nights = {}
    if ids:
        query = select(Episode.id, Episode.night_of).where(Episode.id.in_(ids), Episode.deleted_at.is_(None))
        nights = dict(db.session.execute(query).all())
    shown = []
    for warning in warnings:
        dates = sorted(
            {
                nights[uuid.UUID(i)]
                for i in warning["evidence"].get("episode_ids", [])
                if uuid.UUID(i) in nights
                and period.nights.first <= nights[uuid.UUID(i)] <= period.nights.last
            }
        )
        if warning["evidence"].get("episode_ids") and not dates:
            continue  # every cramp behind it is outside the period
        shown.append({**warning, "dates": dates})
    return shown


def _medications(patient: User, warnings: list[dict]) -> list[dict]:
    """The profile's medicines, marked from the warning signs' own evidence, so "linked to cramps"
    and "quinine" mean here exactly what they mean in the warnings."""

    def named(code: str) -> set[tuple]:
        return {
            (m["name"], m.get("class"))
            for warning in warnings
            if warning["code"] == code
            for m in warning["evidence"].get("medications", [])
        }

    linked, quinine = named("medication_watch"), named("quinine")
    return [
        {
            "name": m.get("name") or "",
            "class": m.get("class"),
            "started_on": m.get("started_on"),
            "linked_to_cramps": (m.get("name"), m.get("class")) in linked,
            "quinine": (m.get("name"), m.get("class")) in quinine,
        }
        for m in patient.medications or []
    ]


def visit_report(patient: User, period: ReportPeriod, now: datetime | None = None) -> dict:
    now = now or utcnow()
    nights, patient_id = period.nights, patient.id
    today = local_now(patient, now).date()
    # Tonight's and an unfinished last night's tally would look like cramp-free nights.
    finished = Days(
        nights.first, min(nights.last, last_complete_night(patient, now)), patient.timezone, nights.until
    )
    items = plan_items(patient_id)
    current = _period_figures(patient_id, nights)
    muscles, sides = muscles_and_sides(patient_id, nights, current["cramps"])
    warnings = _warnings_in_period(patient, period, now)
    return {
        "patient": {"name": patient.display_name, "timezone": patient.timezone},
        "made_at": local_now(patient, now),
        "period": nights,
        "before": period.before,
        "current": current,
        "previous": _period_figures(patient_id, period.before),
        "before_covered": _before_covered(patient, period),
        "severity": severity_distribution(patient_id, nights),
        "hours": hour_histogram(patient_id, nights),
        "muscles": muscles,
        "sides": sides,
        "triggers": triggers(patient_id, nights, current["cramps"]),
        "reliefs": reliefs(patient_id, nights),
        "adherence": adherence(patient_id, items, nights, today),
        "bedtime_nights": bedtime_nights(patient_id, items, finished) if finished.count > 0 else [],
        "evidence": {
            str(item.id): notes
            for item in items
            if item.status == "active" and (notes := evidence_for_item(item))
        },
        "warnings": warnings,
        "medications": _medications(patient, warnings),
    }
