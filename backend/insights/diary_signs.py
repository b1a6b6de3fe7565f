"""The diary side of the warning signs: a few grouped queries for any number of patients.

Patients in one time zone share their window bounds (local midnights, as UTC instants), so each
query has one branch per zone over the episodes index on (patient_id, started_at): a patient
costs the few weeks the rules look at, never the whole diary, and a list of patients costs the
same handful of queries as one.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select, union_all

from ..careplan.models import CarePlanItem
from ..episodes.diary import DIARY_ORDER
from ..episodes.models import Episode, EpisodeRelief, EpisodeSymptom
from ..extensions import db
from . import quinine
from .config import WarningThresholds
from .windows import Days

HELPFUL_EFFECTS = ("some", "full")
CLOT_SIGNS = ("swelling", "redness")
NERVE_SIGNS = ("numbness", "weakness")
WALKING_SIGNS = ("difficulty_walking",)


@dataclass(frozen=True)
class SignWindows:
    """The windows of one time zone, each a run of whole local days ending today."""

    time_zone: str
    frequent: Days
    recent: Days
    baseline: Days
    lookback: Days
    # Cramps that start after now wait for their time: they count in no rule yet.
    now: datetime

    @property
    def earliest(self) -> datetime:
        return min(self.frequent.start, self.baseline.start, self.recent.start)

    @property
    def end(self) -> datetime:
        return min(self.recent.end, self.now)


def sign_windows(time_zone: str, now: datetime, limits: WarningThresholds) -> SignWindows:
    today = now.astimezone(ZoneInfo(time_zone)).date()
    recent = Days.ending(today, limits.rising_recent_days, time_zone)
    return SignWindows(
        time_zone=time_zone,
        frequent=Days.ending(today, limits.frequent_days, time_zone),
        recent=recent,
        baseline=Days.ending(recent.first - timedelta(days=1), limits.rising_baseline_days, time_zone),
        lookback=Days.ending(today, limits.lookback_days, time_zone),
        now=now,
    )


class DiaryQueries:
    """The queries for one batch of patients, grouped by time zone.

    Each query is a UNION ALL of one branch per time zone, each branch a plain range over the
    episodes index on (patient_id, started_at) with that zone's own local-midnight bounds as
    constants, so both databases plan it as index range scans with good estimates.
    """

    def __init__(self, zone_groups: list[tuple[SignWindows, list[uuid.UUID]]], limits: WarningThresholds):
        self.zone_groups, self.limits = zone_groups, limits

    @staticmethod
    def _episodes_of(patient_ids: list[uuid.UUID], start: datetime, end: datetime):
        return and_(
            Episode.patient_id.in_(patient_ids),
            Episode.started_at >= start,
            Episode.started_at < end,
            Episode.deleted_at.is_(None),
        )

    def _union(self, branch) -> list:
        branches = [branch(windows, patient_ids) for windows, patient_ids in self.zone_groups]
        return db.session.execute(union_all(*branches) if len(branches) > 1 else branches[0]).all()

    def window_counts(self) -> dict[uuid.UUID, "WindowCounts"]:
        def counted(condition):
            return func.count(case((condition, Episode.id)))

        def branch(w: SignWindows, patient_ids):
            return (
                select(
                    Episode.patient_id,
                    counted(Episode.started_at >= w.frequent.start),
                    counted(Episode.started_at >= w.recent.start),
                    counted(
                        and_(Episode.started_at >= w.baseline.start, Episode.started_at < w.recent.start)
                    ),
                )
                .where(self._episodes_of(patient_ids, w.earliest, w.end))
                .group_by(Episode.patient_id)
            )

        return {patient_id: WindowCounts(*numbers) for patient_id, *numbers in self._union(branch)}

    def flagged_episodes(self) -> list:
        """Rows (patient_id, id, started_at, one boolean per episode rule) of the look-back window's
        episodes that break at least one rule, newest first."""
        severe = Episode.severity >= self.limits.severe_min_severity
        long_episode = Episode.duration_seconds > self.limits.long_episode_minutes * 60
        helped = _any_child(EpisodeRelief.episode_id == Episode.id, EpisodeRelief.effect.in_(HELPFUL_EFFECTS))
        # No muscle given counts as the calf, the usual site: silence on an urgent sign is the
        # worse error.
        calf_or_unknown = or_(Episode.muscle.in_(self.limits.clot_sign_muscles), Episode.muscle.is_(None))
        clot_signs = and_(calf_or_unknown, _reported(CLOT_SIGNS))

        def branch(w: SignWindows, patient_ids):
            return select(
                Episode.patient_id,
                Episode.id,
                Episode.started_at,
                and_(severe, ~helped).label("severe_unrelieved"),
                long_episode.label("long_episode"),
                clot_signs.label("swelling_redness"),
                _reported(NERVE_SIGNS).label("numbness_weakness"),
                _reported(WALKING_SIGNS).label("difficulty_walking"),
            ).where(
                self._episodes_of(patient_ids, w.lookback.start, w.end),
                # A cheap first cut; the columns above decide each rule exactly.
                or_(severe, long_episode, _reported(CLOT_SIGNS + NERVE_SIGNS + WALKING_SIGNS)),
            )

        return sorted(self._union(branch), key=lambda row: (-row.started_at.timestamp(), row.id))

    def recent_episodes(self, patient_ids: list[uuid.UUID]) -> list:
        """Rows (patient_id, id, started_at), newest first, of these patients' cramps in the
        `frequent` or `rising` windows, give or take a day: the caller keeps each rule's own."""
        windows = [w for w, _ in self.zone_groups]
        start = min(min(w.frequent.start, w.recent.start) for w in windows)
        query = (
            select(Episode.patient_id, Episode.id, Episode.started_at)
            .where(self._episodes_of(patient_ids, start, max(w.end for w in windows)))
            .order_by(*DIARY_ORDER)
        )
        return db.session.execute(query).all()


@dataclass(frozen=True)
class WindowCounts:
    frequent: int = 0
    recent: int = 0
    baseline: int = 0


def _any_child(*conditions):
    """SQL: the episode has a child row meeting the conditions.

    Written as a correlated count, not EXISTS: PostgreSQL may answer an EXISTS by hashing the
    whole child table, while a scalar subquery is always a probe of the child's primary key.
    """
    return select(func.count()).where(*conditions).scalar_subquery() > 0


def _reported(symptoms: tuple[str, ...]):
    return _any_child(EpisodeSymptom.episode_id == Episode.id, EpisodeSymptom.symptom.in_(symptoms))


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
    """Rows (patient_id, id, title) of plan items, not stopped, whose words speak of taking quinine.

    SQL finds the items that name it at all; `quinine.speaks_of_taking_quinine` reads each text.
    """
    texts = (CarePlanItem.title, CarePlanItem.instructions, CarePlanItem.note_for_patient)
    query = (
        select(CarePlanItem.patient_id, CarePlanItem.id, *texts)
        .where(
            CarePlanItem.patient_id.in_(patient_ids),
            CarePlanItem.deleted_at.is_(None),
            CarePlanItem.status != "stopped",
            or_(*(text.ilike(f"%{name}%") for text in texts for name in quinine.NAMES)),
        )
        .order_by(CarePlanItem.created_at, CarePlanItem.id)
    )
    return [
        row
        for row in db.session.execute(query)
        if any(quinine.speaks_of_taking_quinine(text) for text in row[2:])
    ]
