"""The diary side of the warning signs: a few grouped queries for any number of patients.

Every query joins a small table of each patient's own window bounds (local midnights in their
time zone, as UTC instants) to the episodes index on (patient_id, started_at), so a patient's
cost is the few weeks the rules look at, never the whole diary.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.types import Uuid

from ..auth.models import User
from ..careplan.models import CarePlanItem
from ..database import UTCDateTime
from ..episodes.models import Episode, EpisodeRelief, EpisodeSymptom
from ..extensions import db
from .config import setting
from .sql import literal_table
from .windows import Days, local_now

HELPFUL_EFFECTS = ("some", "full")
CLOT_SIGNS = ("swelling", "redness")
NERVE_SIGNS = ("numbness", "weakness")
WALKING_SIGNS = ("difficulty_walking",)
QUININE = "quinine"


@dataclass(frozen=True)
class SignWindows:
    """One patient's windows, each a run of whole local days ending today."""

    patient_id: uuid.UUID
    frequent: Days
    recent: Days
    baseline: Days
    lookback: Days

    @property
    def earliest(self) -> datetime:
        return min(self.frequent.start, self.baseline.start, self.recent.start)

    @property
    def end(self) -> datetime:
        return self.recent.end


def sign_windows(patient: User, now: datetime | None = None) -> SignWindows:
    today, zone = local_now(patient, now).date(), patient.timezone
    recent = Days.ending(today, setting("WARNING_RISING_RECENT_DAYS"), zone)
    return SignWindows(
        patient_id=patient.id,
        frequent=Days.ending(today, setting("WARNING_FREQUENT_DAYS"), zone),
        recent=recent,
        baseline=Days.ending(recent.first - timedelta(days=1), setting("WARNING_RISING_BASELINE_DAYS"), zone),
        lookback=Days.ending(today, setting("WARNING_LOOKBACK_DAYS"), zone),
    )


def _windows_table(windows: list[SignWindows]):
    instant = UTCDateTime()
    return literal_table(
        "sign_windows",
        {
            "patient_id": Uuid(),
            "earliest": instant,
            "frequent_start": instant,
            "recent_start": instant,
            "baseline_start": instant,
            "lookback_start": instant,
            "end": instant,
        },
        [
            (
                w.patient_id,
                w.earliest,
                w.frequent.start,
                w.recent.start,
                w.baseline.start,
                w.lookback.start,
                w.end,
            )
            for w in windows
        ],
    )


def _episodes_between(table, start_column):
    return and_(
        Episode.patient_id == table.c.patient_id,
        Episode.started_at >= start_column,
        Episode.started_at < table.c.end,
        Episode.deleted_at.is_(None),
    )


@dataclass(frozen=True)
class WindowCounts:
    frequent: int = 0
    recent: int = 0
    baseline: int = 0


def window_counts(windows: list[SignWindows]) -> dict[uuid.UUID, WindowCounts]:
    table = _windows_table(windows)

    def counted(condition):
        return func.count(case((condition, Episode.id)))

    query = (
        select(
            table.c.patient_id,
            counted(Episode.started_at >= table.c.frequent_start),
            counted(Episode.started_at >= table.c.recent_start),
            counted(
                and_(Episode.started_at >= table.c.baseline_start, Episode.started_at < table.c.recent_start)
            ),
        )
        .select_from(table)
        .join(Episode, _episodes_between(table, table.c.earliest))
        .group_by(table.c.patient_id)
    )
    return {patient_id: WindowCounts(*numbers) for patient_id, *numbers in db.session.execute(query)}


def _reported(symptoms: tuple[str, ...]):
    return exists().where(EpisodeSymptom.episode_id == Episode.id, EpisodeSymptom.symptom.in_(symptoms))


def flagged_episodes(windows: list[SignWindows]) -> list:
    """Rows (patient_id, id, started_at, one boolean per episode rule) of the look-back window's
    episodes that break at least one rule, newest first."""
    table = _windows_table(windows)
    severe = Episode.severity >= setting("WARNING_SEVERE_MIN_SEVERITY")
    long_episode = Episode.duration_seconds > setting("WARNING_LONG_EPISODE_MINUTES") * 60
    helped = exists().where(EpisodeRelief.episode_id == Episode.id, EpisodeRelief.effect.in_(HELPFUL_EFFECTS))
    query = (
        select(
            Episode.patient_id,
            Episode.id,
            Episode.started_at,
            and_(severe, ~helped).label("severe_unrelieved"),
            long_episode.label("long_episode"),
            and_(Episode.muscle.in_(setting("WARNING_CLOT_SIGN_MUSCLES")), _reported(CLOT_SIGNS)).label(
                "swelling_redness"
            ),
            _reported(NERVE_SIGNS).label("numbness_weakness"),
            _reported(WALKING_SIGNS).label("difficulty_walking"),
        )
        .select_from(table)
        .join(Episode, _episodes_between(table, table.c.lookback_start))
        # A cheap first cut; the columns above decide each rule exactly.
        .where(or_(severe, long_episode, _reported(CLOT_SIGNS + NERVE_SIGNS + WALKING_SIGNS)))
        .order_by(Episode.started_at.desc(), Episode.id)
    )
    return db.session.execute(query).all()


def episodes_since(starts: dict[uuid.UUID, tuple[datetime, datetime]]) -> list:
    """Rows (patient_id, id, started_at), newest first, of each patient's episodes in [start, end)."""
    instant = UTCDateTime()
    table = literal_table(
        "named_windows",
        {"patient_id": Uuid(), "start": instant, "end": instant},
        [(patient_id, start, end) for patient_id, (start, end) in starts.items()],
    )
    query = (
        select(Episode.patient_id, Episode.id, Episode.started_at)
        .select_from(table)
        .join(Episode, _episodes_between(table, table.c.start))
        .order_by(Episode.started_at.desc(), Episode.id)
    )
    return db.session.execute(query).all()


def first_episode_starts(patient_ids: list[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """When each patient's diary begins. Asked only for young accounts, whose diaries are short."""
    if not patient_ids:
        return {}
    query = (
        select(Episode.patient_id, func.min(Episode.started_at))
        .where(Episode.patient_id.in_(patient_ids), Episode.deleted_at.is_(None))
        .group_by(Episode.patient_id)
    )
    return dict(db.session.execute(query).all())


def quinine_items(patient_ids: list[uuid.UUID]) -> list:
    """Rows (patient_id, id, title) of plan items naming quinine that are not stopped."""
    pattern = f"%{QUININE}%"
    query = (
        select(CarePlanItem.patient_id, CarePlanItem.id, CarePlanItem.title)
        .where(
            CarePlanItem.patient_id.in_(patient_ids),
            CarePlanItem.deleted_at.is_(None),
            CarePlanItem.status != "stopped",
            or_(CarePlanItem.title.ilike(pattern), CarePlanItem.instructions.ilike(pattern)),
        )
        .order_by(CarePlanItem.created_at, CarePlanItem.id)
    )
    return db.session.execute(query).all()
