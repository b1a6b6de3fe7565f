"""Care-plan rules, once, for every door: the patient's REST views, the clinician's views and sync.

Who may write what on an item: the author's role owns its title, instructions and schedule.
Anyone who may write the plan can pause, stop or resume an item, change its dates and time of
day, and the patient can always tick it off. Only the patient sets the reminder on their phone
(`reminder_at`); a clinician may suggest a time on an item a clinician wrote
(`suggested_reminder_at`) and leave a `note_for_patient`.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..changes import PurgedRecord, record_change
from ..database import utcnow
from ..extensions import db
from ..records import ChangeRefused, check_version, create_once
from .models import CarePlanCheck, CarePlanItem, CarePlanItemPause
from .schemas import CarePlanItemSchema

ITEM_FIELDS = (
    "category",
    "title",
    "instructions",
    "schedule",
    "time_of_day",
    "reminder_at",
    "status",
    "start_date",
    "end_date",
)
AUTHOR_OWNED_FIELDS = ("title", "instructions", "schedule")
PATIENT_ONLY_FIELDS = ("reminder_at",)
CLINICIAN_ONLY_FIELDS = ("note_for_patient", "suggested_reminder_at")
NOT_ACTIVE = ("paused", "stopped")
# Ticking tomorrow's box ahead of time is fine; further ahead is a mistake.
CHECK_DAYS_AHEAD = 1
# The same bound as an episode's start: no plan reaches back further.
EARLIEST_CHECK_DAY = datetime.date(1900, 1, 1)

WRITTEN_BY_CLINICIAN = (
    "Your clinician wrote this item, so only they can change its title, instructions or schedule. "
    "You can pause or stop it, and add an item of your own."
)
WRITTEN_BY_PATIENT = (
    "The patient wrote this item, so only they can change its title, instructions or schedule. "
    "You can pause or stop it, leave a note for the patient, or add an item of your own."
)
REMINDERS_ARE_THE_PATIENTS = (
    "The patient sets their own reminders. You can suggest a time on an item a clinician wrote, "
    "and they decide whether to take it."
)
SUGGEST_ON_YOUR_ITEMS = (
    "You can suggest a reminder time only on an item a clinician wrote; the patient sets their "
    "own reminders on the items they wrote."
)
CLINICIANS_WRITE_THESE = (
    "Your care team writes this. To use a time they suggest, set it as your own reminder."
)
# Steps done at a time of day; weekly and as-needed steps have no day or time to remind on.
REMINDING_SCHEDULES = ("bedtime", "daily")
ONLY_TIMED_STEPS_REMIND = "Reminders are for bedtime and daily steps."


def local_today(user: User) -> datetime.date:
    return utcnow().astimezone(ZoneInfo(user.timezone)).date()


def new_item(patient: User, author: User, item_id: uuid.UUID | None = None) -> CarePlanItem:
    item = CarePlanItem(patient_id=patient.id, author_id=author.id, author_role=author.role, pauses=[])
    if item_id:
        item.id = item_id
    item.author = author
    return item


def _drafted_item(patient: User, author: User, fields: dict, item_id: uuid.UUID | None) -> CarePlanItem:
    item = new_item(patient, author, item_id)
    _refuse_fields_owned_by_others(item, fields, author)
    _write_fields(item, fields, patient)
    return item


def build_item(patient: User, author: User, fields: dict, item_id: uuid.UUID) -> CarePlanItem:
    """A new item with its fields checked, numbered and added to the session (sync's create,
    once the id is known to be free)."""
    item = _drafted_item(patient, author, fields, item_id)
    with db.session.no_autoflush:
        # A sync batch's new records are then inserted together, not one by one.
        record_change(item)
    db.session.add(item)
    return item


def create_item(patient: User, author: User, fields: dict) -> tuple[CarePlanItem, bool]:
    """Add an item by the patient or a clinician; a repeat with the same id returns the stored
    one. Returns (item, created); the caller commits."""
    item_id = fields.get("id")
    return create_once(
        CarePlanItem, patient.id, item_id, lambda: _drafted_item(patient, author, fields, item_id)
    )


def update_item(
    item: CarePlanItem,
    fields: dict,
    *,
    by: User,
    patient: User,
    expected_version: int | None = None,
) -> dict:
    """Change an item as `by` asks, or refuse the whole change. Returns the fields that changed.

    `expected_version` refuses a stale edit with 409 (REST); sync merges by its own rules first.
    """
    if expected_version is not None:
        check_version(item, expected_version, CarePlanItemSchema())
    changes = {name: value for name, value in fields.items() if getattr(item, name) != value}
    _refuse_fields_owned_by_others(item, changes, by)
    if not changes:
        return changes
    _write_fields(item, changes, patient)
    if by.role == "clinician" and any(name in changes for name in AUTHOR_OWNED_FIELDS):
        # The item now says what this clinician wrote, so it is shown as theirs.
        item.author, item.author_id, item.author_role = by, by.id, by.role
    record_change(item)
    return changes


def _refuse_fields_owned_by_others(item: CarePlanItem, changes: dict, by: User) -> None:
    _refuse_fields_of_the_other_role(item, changes, by)
    if item.author_role == by.role:
        return
    owned = [name for name in AUTHOR_OWNED_FIELDS if name in changes]
    if not owned:
        return
    if item.author_role == "clinician":
        message = WRITTEN_BY_CLINICIAN
        reason = "Your clinician wrote this; you can pause or stop the item and add your own."
    else:
        message = WRITTEN_BY_PATIENT
        reason = "The patient wrote this; you can pause the item or leave them a note."
    raise ChangeRefused(message, {name: [reason] for name in owned})


def _refuse_fields_of_the_other_role(item: CarePlanItem, changes: dict, by: User) -> None:
    """Reminders: the patient's phone, the patient's choice; a clinician may only suggest."""
    if by.role == "clinician":
        if any(name in changes for name in PATIENT_ONLY_FIELDS):
            raise ChangeRefused(
                REMINDERS_ARE_THE_PATIENTS, {"reminder_at": ["Suggest a time with suggested_reminder_at."]}
            )
        if "suggested_reminder_at" in changes and item.author_role != "clinician":
            raise ChangeRefused(
                SUGGEST_ON_YOUR_ITEMS, {"suggested_reminder_at": ["The patient wrote this item."]}
            )
        return
    written = [name for name in CLINICIAN_ONLY_FIELDS if name in changes]
    if written:
        raise ChangeRefused(CLINICIANS_WRITE_THESE, {name: [CLINICIANS_WRITE_THESE] for name in written})


def _write_fields(item: CarePlanItem, fields: dict, patient: User) -> None:
    was_active = item.status in (None, "active")
    for name in (*ITEM_FIELDS, *CLINICIAN_ONLY_FIELDS):
        if name in fields:
            setattr(item, name, fields[name])
    item.instructions = item.instructions or ""
    item.status = item.status or "active"
    item.start_date = item.start_date or local_today(patient)
    if item.end_date and item.end_date < item.start_date:
        raise ValidationError({"end_date": ["Must not be before start_date."]})
    if "reminder_at" in fields and item.reminder_at and item.schedule not in REMINDING_SCHEDULES:
        # A step that becomes weekly later keeps its time; the worker leaves it quiet meanwhile.
        raise ValidationError({"reminder_at": [ONLY_TIMED_STEPS_REMIND]})
    _keep_pause_history(item, was_active, local_today(patient))


def _keep_pause_history(item: CarePlanItem, was_active: bool, today: datetime.date) -> None:
    """A pause or stop opens a run of days that adherence leaves out; resuming closes it, and
    the day of resuming counts again."""
    is_active = item.status == "active"
    if was_active and not is_active:
        item.pauses.append(CarePlanItemPause(first_day=today))
    elif is_active and not was_active:
        for pause in [pause for pause in item.pauses if pause.last_day is None]:
            if pause.first_day >= today:
                item.pauses.remove(pause)
            else:
                pause.last_day = today - datetime.timedelta(days=1)


def plan_items_query(patient_id: uuid.UUID):
    return (
        db.select(CarePlanItem)
        .where(CarePlanItem.patient_id == patient_id, CarePlanItem.deleted_at.is_(None))
        .order_by(CarePlanItem.created_at, CarePlanItem.id)
    )


def check_for(item: CarePlanItem, day: datetime.date) -> CarePlanCheck | None:
    return db.session.scalar(db.select(CarePlanCheck).filter_by(item_id=item.id, date=day))


def validate_check_day(patient: User, day: datetime.date) -> None:
    if day < EARLIEST_CHECK_DAY:
        raise ValidationError({"date": ["Too far in the past."]})
    if day > local_today(patient) + datetime.timedelta(days=CHECK_DAYS_AHEAD):
        raise ValidationError({"date": ["Cannot tick a day that far ahead."]})


def put_check(
    item: CarePlanItem, day: datetime.date, fields: dict, check_id=None
) -> tuple[CarePlanCheck, bool]:
    """Set the one check of an item for a day. Returns (check, created).

    Two devices ticking the same day meet on the (item, date) key: the second write updates
    the row the first one made, whichever id it brought.
    """
    check = check_for(item, day)
    created = check is None
    if created:
        if check_id and db.session.get(PurgedRecord, check_id) is not None:
            # A purged id stays spent; the day's check is found by its day, not its id.
            check_id = None
        check = CarePlanCheck(
            item_id=item.id, patient_id=item.patient_id, date=day, id=check_id or uuid.uuid4()
        )
        try:
            with db.session.begin_nested():
                _write_check(check, fields)
                db.session.add(check)
        except IntegrityError:
            # Another request made the same day's check between our read and our insert,
            # or the client's id is already taken by some other check.
            check, created = check_for(item, day), False
            if check is None:
                raise ValidationError({"id": ["This id belongs to another check."]}) from None
    if not created:
        _write_check(check, fields)
    return check, created


def _write_check(check: CarePlanCheck, fields: dict) -> None:
    check.done = fields["done"]
    check.note = fields.get("note", check.note or "")
    check.deleted_at = None
    record_change(check)


DEFAULT_CHECK_WINDOW = datetime.timedelta(days=13)


def checks_in_window(
    patient: User, first: datetime.date | None = None, last: datetime.date | None = None
) -> list[CarePlanCheck]:
    """The patient's checks between two days (default: the last two weeks).

    A removed item takes its ticks out of the list with it.
    """
    last = last or local_today(patient)
    first = first or last - DEFAULT_CHECK_WINDOW
    query = (
        db.select(CarePlanCheck)
        .join(CarePlanCheck.item)
        .where(
            CarePlanCheck.patient_id == patient.id,
            CarePlanCheck.deleted_at.is_(None),
            CarePlanCheck.date.between(first, last),
            CarePlanItem.deleted_at.is_(None),
        )
        .order_by(CarePlanCheck.date, CarePlanCheck.item_id)
    )
    return db.session.scalars(query).all()
