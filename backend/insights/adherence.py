"""Care-plan adherence over a window of days, and cramps on nights after a bedtime item was done
or skipped: what happened, never a claim of what caused it.

    item_adherence(patient_id, items, days, today) -> {item_id: figures}   the one definition
    adherence(patient_id, items, days, today) -> [figures with the item's name]
    plan_adherence(patients, window_days) -> {patient_id: {done, expected, rate}}   a whole list
    bedtime_nights(patient_id, items, nights) -> cramps after done and after skipped nights
"""

import uuid
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select

from ..auth.models import User
from ..careplan.models import CarePlanCheck, CarePlanItem, CarePlanItemPause
from ..careplan.service import local_today, plan_items_query
from ..database import utcnow
from ..episodes.models import Episode
from ..extensions import db
from .trends import rate
from .windows import Days

# Schedules with one tick expected a day, so done days over scheduled days means something.
DAILY_SCHEDULES = ("bedtime", "daily")
WEEK = 7


def plan_items(patient_id: uuid.UUID) -> list[CarePlanItem]:
    return db.session.scalars(plan_items_query(patient_id)).all()


def overlaps(item: CarePlanItem, days: Days) -> bool:
    return item.start_date <= days.last and (item.end_date is None or item.end_date >= days.first)


def _counted_checks(patient_ids: list[uuid.UUID], first: date, last: date):
    """Live checks between two days, on days their item was in the plan: a tick outside the
    item's dates does not count, so done <= checked always holds."""
    return and_(
        CarePlanCheck.patient_id.in_(patient_ids),
        CarePlanCheck.deleted_at.is_(None),
        CarePlanCheck.date.between(first, last),
        CarePlanCheck.date >= CarePlanItem.start_date,
        or_(CarePlanItem.end_date.is_(None), CarePlanCheck.date <= CarePlanItem.end_date),
    )


def _pauses(items: list[CarePlanItem]) -> dict[uuid.UUID, list[CarePlanItemPause]]:
    by_item = defaultdict(list)
    query = db.select(CarePlanItemPause).where(CarePlanItemPause.item_id.in_([item.id for item in items]))
    for pause in db.session.scalars(query):
        by_item[pause.item_id].append(pause)
    return by_item


def _active_days(item: CarePlanItem, pauses: list[CarePlanItemPause], first: date, last: date) -> int:
    """Days from `first` to `last` the item was in the plan and neither paused nor stopped."""
    first, last = max(first, item.start_date), min(last, item.end_date or last)
    if first > last:
        return 0
    if item.status != "active" and not any(pause.last_day is None for pause in pauses):
        # Paused before its pauses were kept: when is unknown, so no day counts as missed.
        return 0
    # Pauses never overlap: one opens only when an active item stops being active.
    paused = sum(
        max(0, (min(last, pause.last_day or last) - max(first, pause.first_day)).days + 1) for pause in pauses
    )
    return (last - first).days + 1 - paused


def _ticked_on(patient_ids: list[uuid.UUID], day: date) -> set[uuid.UUID]:
    query = select(CarePlanCheck.item_id).where(
        CarePlanCheck.patient_id.in_(patient_ids),
        CarePlanCheck.date == day,
        CarePlanCheck.deleted_at.is_(None),
    )
    return set(db.session.scalars(query))


def _tick_counts(patient_ids: list[uuid.UUID], days: Days) -> dict[uuid.UUID, dict[bool, int]]:
    query = (
        select(CarePlanCheck.item_id, CarePlanCheck.done, func.count())
        .join(CarePlanItem, CarePlanItem.id == CarePlanCheck.item_id)
        .where(_counted_checks(patient_ids, days.first, days.last))
        .group_by(CarePlanCheck.item_id, CarePlanCheck.done)
    )
    counts = defaultdict(lambda: {True: 0, False: 0})
    for item_id, done, count in db.session.execute(query):
        counts[item_id][done] = count
    return counts


def _expected(schedule: str, active_days: int) -> int | None:
    if schedule in DAILY_SCHEDULES:
        return active_days
    if schedule == "weekly":
        return -(-active_days // WEEK)
    return None  # as needed: nothing is ever missed


def _figures(item, counts, ticked_today, pauses, days: Days, today: date) -> dict:
    last = min(days.last, today if item.id in ticked_today else today - timedelta(days=1))
    scheduled = _active_days(item, pauses[item.id], days.first, last)
    expected = _expected(item.schedule, scheduled)
    done, skipped = counts[item.id][True], counts[item.id][False]
    return {
        "done": done,
        "skipped": skipped,
        "checked_days": done + skipped,
        "scheduled_days": scheduled,
        "expected": expected,
        "rate": rate(min(done, expected), expected) if expected else None,
        "done_rate_checked": rate(done, done + skipped),
    }


def item_adherence(patient_id: uuid.UUID, items: list[CarePlanItem], days: Days, today: date) -> dict:
    """The one definition of adherence, per item, for the patient, the clinician and reports.

    - `done`, `skipped`: ticks on days the item was in the plan; `checked_days` is their sum.
    - `scheduled_days`: days of the window the item was in the plan and active. Paused and
      stopped days don't count, and neither does today until it has a tick or has ended.
    - `expected`: times the plan asked for it: each scheduled day for daily and bedtime items,
      each started week of scheduled days for weekly items, none (null) for as-needed items.
    - `rate`: done over expected, at most 1; null where nothing was expected.
    - `done_rate_checked`: done over checked days; null with no ticks.
    """
    counts = _tick_counts([patient_id], days)
    ticked_today = _ticked_on([patient_id], today) if days.first <= today <= days.last else set()
    pauses = _pauses(items)
    return {item.id: _figures(item, counts, ticked_today, pauses, days, today) for item in items}


def plan_adherence(patients: list[User], window_days: int) -> dict[uuid.UUID, dict]:
    """Each patient's whole plan over their last `window_days` local days (today included), by
    item_adherence's rules: the items' done (at most what was expected of each) over expected.

    For a whole patient list: patients in one time zone share a window, so the queries are a
    few per zone, never one per patient. `rate` is null when the plan expected nothing.
    """
    ids = [patient.id for patient in patients]
    items_by_patient = defaultdict(list)
    # Only the columns the rules read: whole items (with their authors) cost more than the rules.
    query = select(
        CarePlanItem.id,
        CarePlanItem.patient_id,
        CarePlanItem.schedule,
        CarePlanItem.status,
        CarePlanItem.start_date,
        CarePlanItem.end_date,
    ).where(CarePlanItem.patient_id.in_(ids), CarePlanItem.deleted_at.is_(None))
    for item in db.session.execute(query):
        items_by_patient[item.patient_id].append(item)
    pauses = _pauses([item for items in items_by_patient.values() for item in items])
    by_zone = defaultdict(list)
    for patient in patients:
        by_zone[patient.timezone].append(patient)
    totals = {}
    for zone, zone_patients in by_zone.items():
        today = local_today(zone_patients[0])
        days = Days.ending(today, window_days, zone)
        zone_ids = [patient.id for patient in zone_patients]
        counts, ticked_today = _tick_counts(zone_ids, days), _ticked_on(zone_ids, today)
        for patient in zone_patients:
            figures = [
                _figures(item, counts, ticked_today, pauses, days, today)
                for item in items_by_patient[patient.id]
            ]
            expected = sum(each["expected"] for each in figures if each["expected"])
            done = sum(min(each["done"], each["expected"]) for each in figures if each["expected"])
            totals[patient.id] = {
                "done": done,
                "expected": expected,
                "rate": rate(done, expected) if expected else None,
            }
    return totals


def adherence(patient_id: uuid.UUID, items: list[CarePlanItem], days: Days, today: date) -> list[dict]:
    """The adherence of each item in the plan during the window, with what names the item."""
    shown = [item for item in items if overlaps(item, days)]
    per_item = item_adherence(patient_id, shown, days, today)
    return [
        {
            "item_id": str(item.id),
            "title": item.title,
            "category": item.category,
            "schedule": item.schedule,
            "status": item.status,
            **per_item[item.id],
        }
        for item in shown
    ]


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
            Episode.started_at <= (nights.until or utcnow()),
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
        .where(_counted_checks([patient_id], nights.first, nights.last), CarePlanItem.schedule == "bedtime")
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
