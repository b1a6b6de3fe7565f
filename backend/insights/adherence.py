"""Care-plan adherence over a window of days, and cramps on nights after a bedtime item was done
or skipped: what happened, never a claim of what caused it."""

import uuid
from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, or_, select

from ..careplan.models import CarePlanCheck, CarePlanItem
from ..careplan.service import plan_items_query
from ..episodes.models import Episode
from ..extensions import db
from .trends import rate
from .windows import Days

# Schedules with one tick expected a day, so done days over scheduled days means something.
DAILY_SCHEDULES = ("bedtime", "daily")


def plan_items(patient_id: uuid.UUID) -> list[CarePlanItem]:
    return db.session.scalars(plan_items_query(patient_id)).all()


def overlaps(item: CarePlanItem, days: Days) -> bool:
    return item.start_date <= days.last and (item.end_date is None or item.end_date >= days.first)


def _days_in_plan(item: CarePlanItem, days: Days) -> int:
    first, last = max(days.first, item.start_date), min(days.last, item.end_date or days.last)
    return max((last - first).days + 1, 0)


def _counted_checks(patient_id: uuid.UUID, first: date, last: date):
    """Live checks between two days, on days their item was in the plan: a tick outside the
    item's dates does not count, so done <= checked <= scheduled always holds."""
    return and_(
        CarePlanCheck.patient_id == patient_id,
        CarePlanCheck.deleted_at.is_(None),
        CarePlanCheck.date.between(first, last),
        CarePlanCheck.date >= CarePlanItem.start_date,
        or_(CarePlanItem.end_date.is_(None), CarePlanCheck.date <= CarePlanItem.end_date),
    )


def adherence(patient_id: uuid.UUID, items: list[CarePlanItem], days: Days) -> list[dict]:
    """Per item in the plan during the window: done and skipped days, done over checked days, and
    for active daily and bedtime items done over the days it was in the plan. Paused and stopped
    items get no scheduled days: when they were paused is not kept."""
    query = (
        select(CarePlanCheck.item_id, CarePlanCheck.done, func.count())
        .join(CarePlanItem, CarePlanItem.id == CarePlanCheck.item_id)
        .where(_counted_checks(patient_id, days.first, days.last))
        .group_by(CarePlanCheck.item_id, CarePlanCheck.done)
    )
    counts = defaultdict(lambda: {True: 0, False: 0})
    for item_id, done, count in db.session.execute(query):
        counts[item_id][done] = count
    rows = []
    for item in (item for item in items if overlaps(item, days)):
        done, skipped = counts[item.id][True], counts[item.id][False]
        scheduled = (
            _days_in_plan(item, days)
            if item.schedule in DAILY_SCHEDULES and item.status == "active"
            else None
        )
        rows.append(
            {
                "item_id": str(item.id),
                "title": item.title,
                "category": item.category,
                "schedule": item.schedule,
                "status": item.status,
                "done": done,
                "skipped": skipped,
                "checked_days": done + skipped,
                "done_rate_checked": rate(done, done + skipped),
                "scheduled_days": scheduled,
                "done_rate_scheduled": rate(done, scheduled) if scheduled else None,
            }
        )
    return rows


def _night_side(nights: int, nights_with_cramps: int, cramps) -> dict:
    cramps = int(cramps)  # PostgreSQL sums counts as numeric
    return {
        "nights": nights,
        "nights_with_cramps": nights_with_cramps,
        "cramps": cramps,
        "cramp_night_rate": rate(nights_with_cramps, nights),
        "cramps_per_night": rate(cramps, nights),
    }


def bedtime_nights(patient_id: uuid.UUID, items: list[CarePlanItem], nights: Days) -> list[dict]:
    """For each bedtime item: cramps on the nights after it was done against nights after it was
    skipped. A check on day D speaks for the night of D; nights without a check are left out."""
    bedtime = [item for item in items if item.schedule == "bedtime" and overlaps(item, nights)]
    if not bedtime:
        return []
    cramps_by_night = (
        select(Episode.night_of, func.count().label("cramps"))
        .where(
            Episode.patient_id == patient_id,
            Episode.deleted_at.is_(None),
            Episode.night_of.between(nights.first, nights.last),
        )
        .group_by(Episode.night_of)
        .subquery()
    )
    query = (
        select(
            CarePlanCheck.item_id,
            CarePlanCheck.done,
            func.count(),
            func.count(cramps_by_night.c.night_of),
            func.coalesce(func.sum(cramps_by_night.c.cramps), 0),
        )
        .join(CarePlanItem, CarePlanItem.id == CarePlanCheck.item_id)
        .outerjoin(cramps_by_night, cramps_by_night.c.night_of == CarePlanCheck.date)
        .where(_counted_checks(patient_id, nights.first, nights.last), CarePlanItem.schedule == "bedtime")
        .group_by(CarePlanCheck.item_id, CarePlanCheck.done)
    )
    sides = {(item_id, done): _night_side(*numbers) for item_id, done, *numbers in db.session.execute(query)}
    return [
        {
            "item_id": str(item.id),
            "title": item.title,
            "done": sides.get((item.id, True), _night_side(0, 0, 0)),
            "skipped": sides.get((item.id, False), _night_side(0, 0, 0)),
        }
        for item in bedtime
    ]
