"""A patient's care plan as their clinician reads and writes it.

Every write goes through the same rules as the patient's own (fields, versions, the patient's
change counter), so it reaches the patient's phone through sync like any other change.
"""

import uuid
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func

from ..auth.models import User
from ..careplan.models import CarePlanCheck, CarePlanItem
from ..careplan.schemas import CarePlanItemSchema
from ..careplan.service import apply_item_fields, local_today, new_item, plan_items_query
from ..changes import record_change, record_deletion
from ..extensions import db
from ..records import check_version, create_once, get_live_or_404
from ..sharing.access import log_access

ADHERENCE_DAYS = 14
# Schedules with one expected tick a day, where a rate of done days means something.
DAILY_SCHEDULES = ("bedtime", "daily")


class ItemWithAdherence:
    """An item read as itself, plus its adherence, for one flat schema."""

    def __init__(self, item: CarePlanItem, adherence: dict):
        self.item, self.adherence = item, adherence

    def __getattr__(self, name):
        return getattr(self.item, name)


def _days_in_plan(item: CarePlanItem, first: date, last: date) -> int:
    start = max(first, item.start_date)
    end = min(last, item.end_date or last)
    return max((end - start).days + 1, 0)


def _check_counts(patient: User, first: date, last: date) -> dict:
    query = (
        db.select(CarePlanCheck.item_id, CarePlanCheck.done, func.count())
        .where(
            CarePlanCheck.patient_id == patient.id,
            CarePlanCheck.deleted_at.is_(None),
            CarePlanCheck.date.between(first, last),
        )
        .group_by(CarePlanCheck.item_id, CarePlanCheck.done)
    )
    counts = defaultdict(lambda: {True: 0, False: 0})
    for item_id, done, count in db.session.execute(query):
        counts[item_id][done] = count
    return counts


def plan_with_adherence(patient: User) -> dict:
    """Every item with its ticks over the patient's last 14 local days (today included).

    `rate` is done days over days in the plan, for items meant to be done every day; a paused
    item still counts its paused days, since pauses are not kept as history.
    """
    last = local_today(patient)
    first = last - timedelta(days=ADHERENCE_DAYS - 1)
    counts = _check_counts(patient, first, last)
    items = []
    for item in db.session.scalars(plan_items_query(patient.id)):
        days = _days_in_plan(item, first, last)
        done, skipped = counts[item.id][True], counts[item.id][False]
        rate = round(done / days, 2) if days and item.schedule in DAILY_SCHEDULES else None
        adherence = {"days_in_plan": days, "done": done, "skipped": skipped, "rate": rate}
        items.append(ItemWithAdherence(item, adherence))
    return {"patient_id": patient.id, "from": first, "to": last, "items": items}


def _write_as_clinician(item: CarePlanItem, fields: dict, patient: User, clinician: User) -> None:
    apply_item_fields(item, fields, patient)
    if "note_for_patient" in fields:
        item.note_for_patient = fields["note_for_patient"]
    # The item now says what this clinician wrote, so it is shown as theirs.
    item.author, item.author_role = clinician, clinician.role


def add_item(patient: User, clinician: User, fields: dict) -> tuple[CarePlanItem, bool]:
    """Create an item in the patient's plan, committed. Returns (item, created).

    Repeating the request with the same id returns the stored item, logged as a read.
    """
    item_id = fields.get("id") or uuid.uuid4()

    def build() -> CarePlanItem:
        item = new_item(patient, author=clinician)
        _write_as_clinician(item, fields, patient, clinician)
        log_access(patient.id, clinician, "create_care_plan_item", item_id)
        return item

    item, created = create_once(CarePlanItem, patient.id, item_id, build)
    if not created:
        log_access(patient.id, clinician, "view_care_plan", item.id)
        db.session.commit()
    return item, created


def edit_item(
    patient: User, clinician: User, item_id: uuid.UUID, fields: dict, expected_version: int | None
) -> CarePlanItem:
    item = get_live_or_404(CarePlanItem, patient.id, item_id)
    check_version(item, expected_version, CarePlanItemSchema())
    _write_as_clinician(item, fields, patient, clinician)
    record_change(item)
    log_access(patient.id, clinician, "edit_care_plan_item", item.id)
    return item


def remove_item(patient: User, clinician: User, item_id: uuid.UUID) -> None:
    item = get_live_or_404(CarePlanItem, patient.id, item_id)
    record_deletion(item)
    log_access(patient.id, clinician, "delete_care_plan_item", item.id)
