"""What a clinician sees first about each shared patient: recent cramps, warning signs, plan
adherence over 14 days, last change.

Built for a whole patient list at once: a handful of grouped queries, never one per patient.
"""

import uuid
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, literal

from ..auth.models import User
from ..careplan.models import CarePlanItem
from ..careplan.service import local_today
from ..changes import patient_record_types
from ..database import UTCDateTime
from ..episodes.models import Episode
from ..extensions import db
from ..insights.adherence import plan_adherence
from ..insights.service import warning_summaries
from ..sharing.models import Share
from .care_plan import ADHERENCE_DAYS  # the plan view's window, so the two figures agree

WARNING_LEVELS = ("urgent", "advice", "info")


def window_start(patient: User, days: int) -> datetime:
    """Midnight, in the patient's time zone, at the start of the last `days` days (today included)."""
    first_day = local_today(patient) - timedelta(days=days - 1)
    return datetime.combine(first_day, time(), tzinfo=ZoneInfo(patient.timezone)).astimezone(UTC)


def _window_start_by_zone(patients: list[User], days: int):
    """SQL: the window start for each episode row's patient, looked up by their time zone.

    Patients in one zone share a start, so the CASE has one branch per zone, not per patient.
    """
    starts = {patient.timezone: window_start(patient, days) for patient in patients}
    return case(*[(User.timezone == zone, literal(start, UTCDateTime())) for zone, start in starts.items()])


def cramp_counts(patients: list[User]) -> dict[uuid.UUID, dict]:
    """Cramps in the last 7 and 28 days, and in the 7 and 28 days before those, for the change."""
    since = {days: _window_start_by_zone(patients, days) for days in (7, 14, 28, 56)}
    started = Episode.started_at

    def between(first, last=None):
        inside = started >= first if last is None else (started >= first) & (started < last)
        return func.sum(case((inside, 1), else_=0))

    query = (
        db.select(
            Episode.patient_id,
            func.max(started),
            between(since[7]),
            between(since[28]),
            between(since[14], since[7]),
            between(since[56], since[28]),
        )
        .join(User, User.id == Episode.patient_id)
        .where(Episode.patient_id.in_([patient.id for patient in patients]), Episode.deleted_at.is_(None))
        .group_by(Episode.patient_id)
    )
    return {
        patient_id: {
            "last_cramp_at": last,
            "cramps_last_7_days": int(week),
            "cramps_last_28_days": int(month),
            "cramps_prior_7_days": int(prior_week),
            "cramps_prior_28_days": int(prior_month),
        }
        for patient_id, last, week, month, prior_week, prior_month in db.session.execute(query)
    }


def last_changes(patients: list[User]) -> dict[uuid.UUID, datetime]:
    """The latest write to each patient's records (deletions included) or profile, by anyone."""
    latest = {patient.id: patient.updated_at for patient in patients}
    ids = list(latest)
    for model in (kind.model for kind in patient_record_types()):
        query = db.select(model.patient_id, func.max(model.updated_at)).where(model.patient_id.in_(ids))
        for patient_id, changed_at in db.session.execute(query.group_by(model.patient_id)):
            latest[patient_id] = max(latest[patient_id], changed_at)
    return latest


def summarise_warnings(warnings: list[dict]) -> dict:
    """Only signs no clinician has reviewed need attention; reviewed ones are counted apart."""
    unreviewed = [warning for warning in warnings if warning["review"] is None]
    levels = Counter(warning["level"] for warning in unreviewed)
    return {
        "count": len(unreviewed),
        "levels": {level: levels[level] for level in WARNING_LEVELS},
        "codes": [warning["code"] for warning in unreviewed],
        "reviewed": len(warnings) - len(unreviewed),
    }


def warning_signs(patients: list[User]) -> dict[uuid.UUID, dict]:
    summaries = warning_summaries(patients)
    return {patient.id: summarise_warnings(summaries.get(patient.id, [])) for patient in patients}


def _urgency(row: dict) -> tuple:
    levels = row["warning_signs"]["levels"]
    return tuple(-levels[level] for level in WARNING_LEVELS) + (row["display_name"].casefold(),)


def patient_overviews(shares: list[Share]) -> list[dict]:
    """One row per shared patient, those with the most serious warning signs first."""
    if not shares:
        return []
    patients = [share.patient for share in shares]
    counts, changes, warnings = cramp_counts(patients), last_changes(patients), warning_signs(patients)
    adherence = plan_adherence(patients, ADHERENCE_DAYS)
    no_cramps = {
        "last_cramp_at": None,
        "cramps_last_7_days": 0,
        "cramps_last_28_days": 0,
        "cramps_prior_7_days": 0,
        "cramps_prior_28_days": 0,
    }
    rows = [
        {
            "id": share.patient.id,
            "display_name": share.patient.display_name,
            "timezone": share.patient.timezone,
            "share": share,
            **counts.get(share.patient_id, no_cramps),
            "warning_signs": warnings[share.patient_id],
            "last_change_at": changes[share.patient_id],
            "adherence_14_days": adherence[share.patient_id],
        }
        for share in shares
    ]
    return sorted(rows, key=_urgency)


def patient_summary(share: Share) -> dict:
    patient = share.patient
    active_items = db.session.scalar(
        db.select(func.count()).where(
            CarePlanItem.patient_id == patient.id,
            CarePlanItem.deleted_at.is_(None),
            CarePlanItem.status == "active",
        )
    )
    return {
        **patient_overviews([share])[0],
        "conditions": patient.conditions,
        "medications": patient.medications,
        "active_care_plan_items": active_items,
    }
