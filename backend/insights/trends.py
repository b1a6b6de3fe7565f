"""The diary over a window of nights, summed up in SQL: per week, per muscle and side, triggers
and relief methods. Queries return one row per week or per code, never one per episode."""

import uuid
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import (
    Date,
    Integer,
    and_,
    case,
    distinct,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)

from ..episodes.models import Episode, EpisodeRelief, EpisodeTrigger
from ..extensions import db
from .diary_signs import HELPFUL_EFFECTS
from .sql import days_between
from .windows import Days

OVERALL = -1  # the median "bucket" of the whole window, beside the weeks 0, 1, 2, ...


def in_window(patient_id: uuid.UUID, nights: Days):
    condition = and_(
        Episode.patient_id == patient_id,
        Episode.deleted_at.is_(None),
        Episode.night_of.between(nights.first, nights.last),
    )
    return condition if nights.until is None else and_(condition, Episode.started_at <= nights.until)


def week_start(night: date) -> date:
    return night - timedelta(days=night.weekday())


def rate(part: int, whole: int, digits: int = 2) -> float | None:
    return round(part / whole, digits) if whole else None


def _rounded(value, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _medians(episodes) -> dict[tuple[int, int], float]:
    """Median severity (measure 0) and duration (measure 1) per week and overall, in one query.

    The middle row, or the mean of the two middle rows, of each (measure, bucket) partition.
    """
    measures = [
        select(
            literal_column(str(measure), Integer).label("measure"),
            bucket.label("bucket"),
            column.label("value"),
        ).where(column.is_not(None))
        for measure, column in enumerate((episodes.c.severity, episodes.c.duration_seconds))
        for bucket in (episodes.c.week, literal_column(str(OVERALL), Integer))
    ]
    values = union_all(*measures).subquery()
    partition = (values.c.measure, values.c.bucket)
    ranked = select(
        values,
        func.row_number().over(partition_by=partition, order_by=values.c.value).label("position"),
        func.count().over(partition_by=partition).label("size"),
    ).subquery()
    middle = or_(ranked.c.position == (ranked.c.size + 1) // 2, ranked.c.position == (ranked.c.size + 2) // 2)
    query = (
        select(ranked.c.measure, ranked.c.bucket, func.avg(ranked.c.value))
        .where(middle)
        .group_by(ranked.c.measure, ranked.c.bucket)
    )
    return {(measure, bucket): float(median) for measure, bucket, median in db.session.execute(query)}


def diary_began(patient_id: uuid.UUID, account_created: date, nights: Days) -> date:
    """The first night the diary covers: when the account began, or the first cramp logged if
    that is earlier (a diary written up from before the account existed)."""
    query = select(func.min(Episode.night_of)).where(
        Episode.patient_id == patient_id, Episode.deleted_at.is_(None)
    )
    first_night = db.session.scalar(query)
    return min(filter(None, (account_created, first_night)))


def weekly(patient_id: uuid.UUID, nights: Days, diary_from: date | None = None) -> tuple[list[dict], dict]:
    """Monday-start weeks of nights (every week of the window, empty ones too) and the totals.

    The weekly rate divides by the nights the diary covers within the window (from `diary_from`),
    so a three-week-old diary is not spread over twelve weeks. A week is `partial` when the window
    cuts it or it is still going on (the window's last night is in it).
    """
    covered = (nights.last - max(nights.first, diary_from or nights.first)).days + 1
    anchor = week_start(nights.first)
    episodes = (
        select(
            Episode.night_of,
            Episode.severity,
            Episode.duration_seconds,
            (days_between(Episode.night_of, literal(anchor, Date())) // 7).label("week"),
        )
        .where(in_window(patient_id, nights))
        .cte("window_episodes")
    )
    query = select(
        episodes.c.week,
        func.count(),
        func.count(distinct(episodes.c.night_of)),
        func.sum(episodes.c.severity),
        func.count(episodes.c.severity),
        func.sum(episodes.c.duration_seconds),
        func.count(episodes.c.duration_seconds),
    ).group_by(episodes.c.week)
    sums = {row[0]: row[1:] for row in db.session.execute(query)}
    medians = _medians(episodes) if sums else {}

    weeks, total = [], Counter()
    for week in range((nights.last - anchor).days // 7 + 1):
        first = max(anchor + timedelta(weeks=week), nights.first)
        last = min(anchor + timedelta(weeks=week, days=6), nights.last)
        cramps, cramp_nights, severity_sum, rated, duration_sum, timed = sums.get(
            week, (0, 0, None, 0, None, 0)
        )
        total.update(
            cramps=cramps,
            cramp_nights=cramp_nights,
            severity_sum=severity_sum or 0,
            rated=rated,
            duration_sum=duration_sum or 0,
            timed=timed,
        )
        weeks.append(
            {
                "week_start": (anchor + timedelta(weeks=week)).isoformat(),
                "nights": (last - first).days + 1,
                "partial": (last - first).days + 1 < 7 or last == nights.last,
                "cramps": cramps,
                "cramp_nights": cramp_nights,
                "severity_average": _rounded(severity_sum / rated if rated else None),
                "severity_median": _rounded(medians.get((0, week))),
                "duration_average_seconds": _rounded(duration_sum / timed if timed else None),
                "duration_median_seconds": _rounded(medians.get((1, week))),
            }
        )
    totals = {
        "nights": nights.count,
        "cramps": total["cramps"],
        "cramp_nights": total["cramp_nights"],
        "covered_nights": max(covered, 1),
        "cramps_per_week": round(total["cramps"] * 7 / max(covered, 1), 2),
        "severity_average": _rounded(total["severity_sum"] / total["rated"] if total["rated"] else None),
        "severity_median": _rounded(medians.get((0, OVERALL))),
        "duration_average_seconds": _rounded(
            total["duration_sum"] / total["timed"] if total["timed"] else None
        ),
        "duration_median_seconds": _rounded(medians.get((1, OVERALL))),
    }
    return weeks, totals


def _ranked(counts: Counter, total: int) -> list[dict]:
    # Unrecorded (null) last; otherwise the most frequent first, ties by code.
    order = sorted(counts.items(), key=lambda pair: (pair[0] is None, -pair[1], pair[0] or ""))
    return [{"code": code, "count": count, "share": rate(count, total)} for code, count in order]


def muscles_and_sides(patient_id: uuid.UUID, nights: Days, total: int) -> tuple[list[dict], list[dict]]:
    query = (
        select(Episode.muscle, Episode.side, func.count())
        .where(in_window(patient_id, nights))
        .group_by(Episode.muscle, Episode.side)
    )
    muscles, sides = Counter(), Counter()
    for muscle, side, count in db.session.execute(query):
        muscles[muscle] += count
        sides[side] += count
    return _ranked(muscles, total), _ranked(sides, total)


def triggers(patient_id: uuid.UUID, nights: Days, total: int) -> list[dict]:
    query = (
        select(EpisodeTrigger.trigger, func.count())
        .join(Episode, Episode.id == EpisodeTrigger.episode_id)
        .where(in_window(patient_id, nights))
        .group_by(EpisodeTrigger.trigger)
    )
    return _ranked(Counter(dict(db.session.execute(query).all())), total)


def reliefs(patient_id: uuid.UUID, nights: Days) -> list[dict]:
    """Each method tried, ranked by how many times it helped (effect some or full), then by rate."""
    query = (
        select(
            EpisodeRelief.method,
            func.count(),
            func.count(case((EpisodeRelief.effect.in_(HELPFUL_EFFECTS), 1))),
            func.count(case((EpisodeRelief.effect == "full", 1))),
        )
        .join(Episode, Episode.id == EpisodeRelief.episode_id)
        .where(in_window(patient_id, nights))
        .group_by(EpisodeRelief.method)
    )
    methods = [
        {
            "method": method,
            "tried": tried,
            "helped": helped,
            "stopped_it": full,
            "helped_rate": rate(helped, tried),
        }
        for method, tried, helped, full in db.session.execute(query)
    ]
    # How many times it helped first, then how often: one lucky try never outranks a method that
    # helped many times.
    return sorted(methods, key=lambda m: (-m["helped"], -m["helped"] / m["tried"], m["method"]))
