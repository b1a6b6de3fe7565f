"""What is due, in each patient's own time, and whether a reminder is still wanted.

Times are wall-clock times in the patient's zone (User.timezone), turned into instants with
zoneinfo for the day in question, so a 22:00 reminder comes at 22:00 local on both sides of a
clock change. A time the clocks skip (01:30 on a spring-forward night) comes as late as the skip
(02:30 summer time); a time that happens twice comes the first time.

The rules mirror the app's: an item reminds when its schedule is bedtime or daily, it is active,
not deleted, within its dates and not yet ticked (done or skipped) that local day. The morning
reminder asks about last night's cramps that still lack details, with the app's definition of
"last night" (episodes' `night_of`) and of "lacking details" (frontend data/last-night.js).
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import exists, func, or_, select, tuple_

from ..auth.models import User
from ..careplan.models import CarePlanCheck, CarePlanItem
from ..careplan.service import REMINDING_SCHEDULES
from ..episodes.models import Episode
from ..extensions import db
from .models import PushSubscription, ReminderSend

# How long after its local time a reminder is still worth sending; after that it is stale.
ITEM_WINDOW = timedelta(hours=2)
MORNING_WINDOW = timedelta(hours=3)
MORNING = "morning"
ITEM, LATER = "item", "later"


@dataclass(frozen=True)
class Due:
    """A reminder whose time has come and whose window is open."""

    patient_id: uuid.UUID
    kind: str
    subject: str
    item_id: uuid.UUID | None
    local_date: date
    due_at: datetime
    expires_at: datetime


def zone_of(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone` (fold 0: see the module's note)."""
    return datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone).astimezone(UTC)


def _days_in_reach(now: datetime, zone: ZoneInfo) -> tuple[date, date]:
    # Windows are shorter than a day, so a reminder still open now is today's or yesterday's.
    today = now.astimezone(zone).date()
    return today - timedelta(days=1), today


def _has_device():
    return exists().where(PushSubscription.user_id == User.id)


def due_item_reminders(now: datetime) -> list[Due]:
    """Item reminders open at `now`, for patients with a device, not ticked and not yet in the ledger."""
    rows = db.session.execute(
        select(
            CarePlanItem.id,
            CarePlanItem.patient_id,
            CarePlanItem.reminder_at,
            CarePlanItem.start_date,
            CarePlanItem.end_date,
            User.timezone,
        )
        .join(User, User.id == CarePlanItem.patient_id)
        .where(
            CarePlanItem.reminder_at.is_not(None),
            CarePlanItem.status == "active",
            CarePlanItem.deleted_at.is_(None),
            CarePlanItem.schedule.in_(REMINDING_SCHEDULES),
            User.role == "patient",
            _has_device(),
        )
    ).all()
    candidates = []
    for item_id, patient_id, at, start, end, zone_name in rows:
        zone = zone_of(zone_name)
        if zone is None:
            continue
        for day in _days_in_reach(now, zone):
            due_at = local_instant(day, at, zone)
            if due_at <= now < due_at + ITEM_WINDOW and start <= day and (end is None or day <= end):
                candidates.append(
                    Due(patient_id, ITEM, str(item_id), item_id, day, due_at, due_at + ITEM_WINDOW)
                )
    return _not_ticked(_not_in_ledger(candidates))


def due_morning_reminders(now: datetime) -> list[Due]:
    """Morning reminders open at `now` for patients who have last night's cramps to complete."""
    rows = db.session.execute(
        select(User.id, User.timezone, User.morning_reminder_at).where(
            User.morning_reminder_at.is_not(None), User.role == "patient", _has_device()
        )
    ).all()
    candidates = []
    for patient_id, zone_name, at in rows:
        zone = zone_of(zone_name)
        if zone is None:
            continue
        for day in _days_in_reach(now, zone):
            due_at = local_instant(day, at, zone)
            if due_at <= now < due_at + MORNING_WINDOW:
                candidates.append(
                    Due(patient_id, MORNING, MORNING, None, day, due_at, due_at + MORNING_WINDOW)
                )
    return [due for due in _not_in_ledger(candidates) if cramps_to_complete(due.patient_id, due.local_date)]


def _not_in_ledger(candidates: list[Due]) -> list[Due]:
    """Leave out what the ledger already has, so a pass doesn't try inserts it knows will clash.
    (The UNIQUE constraint still decides between workers racing for the same row.)"""
    if not candidates:
        return []
    keys = {(due.patient_id, due.subject, due.local_date, due.kind) for due in candidates}
    stored = set()
    for chunk in _chunks(sorted(keys, key=str), 400):
        stored.update(
            tuple(row)
            for row in db.session.execute(
                select(
                    ReminderSend.patient_id, ReminderSend.subject, ReminderSend.local_date, ReminderSend.kind
                ).where(
                    tuple_(
                        ReminderSend.patient_id,
                        ReminderSend.subject,
                        ReminderSend.local_date,
                        ReminderSend.kind,
                    ).in_(chunk)
                )
            )
        )
    return [
        due for due in candidates if (due.patient_id, due.subject, due.local_date, due.kind) not in stored
    ]


def _not_ticked(candidates: list[Due]) -> list[Due]:
    if not candidates:
        return []
    pairs = sorted({(due.item_id, due.local_date) for due in candidates}, key=str)
    ticked = set()
    for chunk in _chunks(pairs, 400):
        ticked.update(
            tuple(row)
            for row in db.session.execute(
                select(CarePlanCheck.item_id, CarePlanCheck.date).where(
                    tuple_(CarePlanCheck.item_id, CarePlanCheck.date).in_(chunk),
                    CarePlanCheck.deleted_at.is_(None),
                )
            )
        )
    return [due for due in candidates if (due.item_id, due.local_date) not in ticked]


def _chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def cramps_to_complete(patient_id: uuid.UUID, morning: date) -> int:
    """Last night's finished cramps that still lack pain, muscle, side or "did it wake you"."""
    return db.session.scalar(
        select(func.count()).where(
            Episode.patient_id == patient_id,
            Episode.night_of == morning - timedelta(days=1),
            Episode.deleted_at.is_(None),
            Episode.ended_at.is_not(None),
            or_(
                Episode.severity.is_(None),
                Episode.muscle.is_(None),
                Episode.side.is_(None),
                Episode.woke_from_sleep.is_(None),
            ),
        )
    )


def item_still_wanted(item: CarePlanItem | None, day: date) -> bool:
    """Checked again just before sending (and before each retry or "Later"): the patient may
    have ticked, paused or removed the item, or turned its reminder off, since it fell due."""
    if item is None or item.deleted_at is not None or item.status != "active" or item.reminder_at is None:
        return False
    if item.schedule not in REMINDING_SCHEDULES or day < item.start_date:
        return False
    if item.end_date is not None and day > item.end_date:
        return False
    ticked = db.session.scalar(
        select(
            exists().where(
                CarePlanCheck.item_id == item.id,
                CarePlanCheck.date == day,
                CarePlanCheck.deleted_at.is_(None),
            )
        )
    )
    return not ticked


def morning_still_wanted(user: User | None, day: date) -> int:
    """How many cramps the morning reminder would name; 0: don't send it."""
    if user is None or user.morning_reminder_at is None:
        return 0
    return cramps_to_complete(user.id, day)
