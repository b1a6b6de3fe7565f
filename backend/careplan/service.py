"""Care-plan rules shared by the patient's views, the clinician's views and sync."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..changes import record_change
from ..database import utcnow
from ..extensions import db
from .models import CarePlanCheck, CarePlanItem

ITEM_FIELDS = (
    "category",
    "title",
    "instructions",
    "schedule",
    "time_of_day",
    "status",
    "start_date",
    "end_date",
)
# Ticking tomorrow's box ahead of time is fine; further ahead is a mistake.
CHECK_DAYS_AHEAD = 1


def local_today(user: User) -> datetime.date:
    return utcnow().astimezone(ZoneInfo(user.timezone)).date()


def new_item(patient: User, author: User) -> CarePlanItem:
    return CarePlanItem(patient_id=patient.id, author_id=author.id, author_role=author.role)


def apply_item_fields(item: CarePlanItem, fields: dict, patient: User) -> None:
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    item.instructions = item.instructions or ""
    item.status = item.status or "active"
    item.start_date = item.start_date or local_today(patient)
    if item.end_date and item.end_date < item.start_date:
        raise ValidationError({"end_date": ["Must not be before start_date."]})


def plan_items_query(patient_id: uuid.UUID):
    return (
        db.select(CarePlanItem)
        .where(CarePlanItem.patient_id == patient_id, CarePlanItem.deleted_at.is_(None))
        .order_by(CarePlanItem.created_at, CarePlanItem.id)
    )


def check_for(item: CarePlanItem, day: datetime.date) -> CarePlanCheck | None:
    return db.session.scalar(db.select(CarePlanCheck).filter_by(item_id=item.id, date=day))


def validate_check_day(patient: User, day: datetime.date) -> None:
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
