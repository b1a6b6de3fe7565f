"""A patient's care plan as their clinician reads and writes it.

Writes go through the care-plan rules every door shares (fields, who owns what, versions, the
patient's change counter), so they reach the patient's phone through sync like any other
change; each also leaves a row in the patient's access log. The views commit.
"""

import uuid

from ..auth.models import User
from ..careplan.models import CarePlanItem
from ..careplan.service import create_item, local_today, plan_items_query, update_item
from ..changes import record_deletion
from ..extensions import db
from ..insights.adherence import item_adherence
from ..insights.windows import Days
from ..records import get_live_or_404
from ..sharing.access import log_access

ADHERENCE_DAYS = 14


class ItemWithAdherence:
    """An item read as itself, plus its adherence, for one flat schema."""

    def __init__(self, item: CarePlanItem, adherence: dict):
        self.item, self.adherence = item, adherence

    def __getattr__(self, name):
        return getattr(self.item, name)


def plan_with_adherence(patient: User) -> dict:
    """Every item with its adherence over the patient's last 14 local days (today included)."""
    today = local_today(patient)
    days = Days.ending(today, ADHERENCE_DAYS, patient.timezone)
    items = db.session.scalars(plan_items_query(patient.id)).all()
    adherence = item_adherence(patient.id, items, days, today)
    return {
        "patient_id": patient.id,
        "from": days.first,
        "to": days.last,
        "items": [ItemWithAdherence(item, adherence[item.id]) for item in items],
    }


def add_item(patient: User, clinician: User, fields: dict) -> tuple[CarePlanItem, bool]:
    """Create an item in the patient's plan. Returns (item, created).

    Repeating the request with the same id returns the stored item, logged as a read.
    """
    item, created = create_item(patient, clinician, fields)
    action = "create_care_plan_item" if created else "view_care_plan"
    log_access(patient.id, clinician, action, item.id)
    return item, created


def edit_item(
    patient: User, clinician: User, item_id: uuid.UUID, fields: dict, expected_version: int | None
) -> CarePlanItem:
    item = get_live_or_404(CarePlanItem, patient.id, item_id, for_change=True)
    update_item(item, fields, by=clinician, patient=patient, expected_version=expected_version)
    log_access(patient.id, clinician, "edit_care_plan_item", item.id)
    return item


def remove_item(patient: User, clinician: User, item_id: uuid.UUID) -> None:
    item = get_live_or_404(CarePlanItem, patient.id, item_id, for_change=True)
    record_deletion(item)
    log_access(patient.id, clinician, "delete_care_plan_item", item.id)
