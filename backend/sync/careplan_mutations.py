"""Pushed care-plan changes: items, by the care-plan rules every door shares, and checks (one
per item per day, whichever device ticked it)."""

from marshmallow import ValidationError, fields

from ..careplan.models import CarePlanCheck, CarePlanItem
from ..careplan.schemas import CarePlanItemFieldsSchema, CheckWriteSchema
from ..careplan.service import build_item, check_for, put_check, update_item, validate_check_day
from ..changes import record_deletion
from .log import changed_by_others
from .mutations import Mutation, MutationRejected, Outcome, PushContext, own_record, upsert_record

NO_SUCH_ITEM = "There is no such item in your plan."


class CheckFieldsSchema(CheckWriteSchema):
    item_id = fields.UUID(required=True)
    date = fields.Date(required=True)


# The check's id travels beside the fields, never in them.
TICK_FIELDS = CheckFieldsSchema(exclude=("id",), partial=("done",))
CHECK_KEY_FIELDS = CheckFieldsSchema(exclude=("id",), partial=True)
NEW_ITEM_FIELDS = CarePlanItemFieldsSchema()
CHANGED_ITEM_FIELDS = CarePlanItemFieldsSchema(partial=True)


def upsert_item(context: PushContext, mutation: Mutation) -> Outcome:
    return upsert_record(context, mutation, CarePlanItem, create=create_item, change=change_item)


def change_item(context: PushContext, mutation: Mutation, item: CarePlanItem) -> Outcome:
    """The patient's fields are the latest word on them, stale or not; `merged` tells the device
    that someone else changed the item since its base. What the patient may not change at all
    is refused whole (`records.ChangeRefused`), as through REST."""
    wanted = CHANGED_ITEM_FIELDS.load(mutation.fields)
    stale = changed_by_others(context, mutation, item)
    changes = update_item(item, wanted, by=context.patient, patient=context.patient)
    return Outcome("merged" if stale else "applied", item, wrote=bool(changes))


def create_item(context: PushContext, mutation: Mutation) -> Outcome:
    wanted = NEW_ITEM_FIELDS.load(mutation.fields)
    item = build_item(context.patient, context.patient, wanted, mutation.record_id)
    return Outcome("applied", item, wrote=True)


def delete_item(context: PushContext, mutation: Mutation) -> Outcome:
    item = own_record(CarePlanItem, context, mutation.record_id)
    if item is None:
        return Outcome("applied")
    if item.is_deleted:
        return Outcome("applied", item)
    record_deletion(item)
    return Outcome("applied", item, wrote=True)


def _own_item(context: PushContext, item_id, *, live: bool) -> CarePlanItem:
    item = context.batch.get(CarePlanItem, item_id)
    if item is None or item.patient_id != context.patient_id or (live and item.is_deleted):
        raise MutationRejected({"item_id": [NO_SUCH_ITEM]})
    return item


def upsert_check(context: PushContext, mutation: Mutation) -> Outcome:
    """Last write wins: a tick is the day's whole state. Only a tick edited on a device that
    hasn't seen someone clear that day loses, as a delete beats an edit."""
    wanted = TICK_FIELDS.load(mutation.fields)
    item = _own_item(context, wanted["item_id"], live=True)
    validate_check_day(context.patient, wanted["date"])
    same_id = own_record(CarePlanCheck, context, mutation.record_id)
    if same_id is not None and (same_id.item_id, same_id.date) != (item.id, wanted["date"]):
        raise ValidationError({"id": ["This id belongs to another check."]})
    check = check_for(item, wanted["date"])
    if check is not None and check.is_deleted:
        if mutation.base_version and changed_by_others(context, mutation, check):
            return Outcome("conflict", check)
        check.note = ""
    if check is None or check.is_deleted:
        if "done" not in wanted:
            raise ValidationError({"done": ["Missing data for required field."]})
    elif all(getattr(check, name) == wanted[name] for name in ("done", "note") if name in wanted):
        return Outcome(_check_status(check, mutation), check)
    values = {"done": wanted.get("done", check.done if check else None)}
    if "note" in wanted:
        values["note"] = wanted["note"]
    check, _ = put_check(item, wanted["date"], values, check_id=mutation.record_id)
    return Outcome(_check_status(check, mutation), check, wrote=True)


def _check_status(check: CarePlanCheck, mutation: Mutation) -> str:
    # Another device ticked the same day first: the device's tick now lives on that row.
    return "applied" if check.id == mutation.record_id else "merged"


def delete_check(context: PushContext, mutation: Mutation) -> Outcome:
    """Clears the day's check, found by item and day when the fields name them (the device may
    know the day's row under its own id), else by id."""
    key = CHECK_KEY_FIELDS.load(mutation.fields)
    if "item_id" in key and "date" in key:
        check = check_for(_own_item(context, key["item_id"], live=False), key["date"])
    else:
        check = own_record(CarePlanCheck, context, mutation.record_id)
    if check is None:
        return Outcome("applied")
    if check.is_deleted:
        return Outcome("applied", check)
    record_deletion(check)
    return Outcome("applied", check, wrote=True)
