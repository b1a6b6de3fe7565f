from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..reference.vocabulary import CARE_PLAN_CATEGORIES, ITEM_STATUSES, SCHEDULES
from ..validation import ChangeSchema, clock_time, no_nul_characters, one_of

ITEM_EXAMPLE = {
    "id": "5d1e8c3a-7b42-4f0e-a9c1-2e3f4a5b6c7d",
    "category": "stretching",
    "title": "Stretch calves and hamstrings before bed",
    "instructions": "Hold each stretch for 30 seconds, both legs.",
    "schedule": "bedtime",
    "time_of_day": "22:00",
}


class AuthorSchema(Schema):
    id = fields.UUID()
    role = fields.String()
    display_name = fields.String()


class CarePlanItemFieldsSchema(Schema):
    category = fields.String(required=True, validate=one_of(CARE_PLAN_CATEGORIES))
    title = fields.String(required=True, validate=[validate.Length(min=1, max=120), no_nul_characters])
    instructions = fields.String(validate=[validate.Length(max=2000), no_nul_characters])
    schedule = fields.String(required=True, validate=one_of(SCHEDULES))
    time_of_day = clock_time("When in the day the step is meant to be done, local time.")
    reminder_at = clock_time(
        "When to send a reminder, local time; null: no reminder. Only the patient sets it.", "21:45"
    )
    status = fields.String(validate=one_of(ITEM_STATUSES))
    start_date = fields.Date(metadata={"description": "Defaults to today in the patient's time zone."})
    end_date = fields.Date(allow_none=True)

    @validates_schema
    def end_after_start(self, data, **kwargs):
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError("Must not be before start_date.", "end_date")


class CarePlanItemCreateSchema(CarePlanItemFieldsSchema):
    id = fields.UUID(metadata={"description": "The client's id; a repeat create returns the stored item."})


class CarePlanItemUpdateSchema(ChangeSchema, CarePlanItemFieldsSchema):
    version = fields.Integer(strict=True, metadata={"description": "The version this edit is based on."})


class CarePlanItemSchema(CarePlanItemFieldsSchema):
    id = fields.UUID(dump_only=True)
    patient_id = fields.UUID(dump_only=True)
    author = fields.Method("dump_author", dump_only=True)
    note_for_patient = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "From a clinician; only clinicians write it."},
    )
    suggested_reminder_at = clock_time(
        "A reminder time the item's clinician suggests; the patient may take it as reminder_at.",
        dump_only=True,
    )
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    def dump_author(self, item) -> dict:
        display_name = item.author.display_name if item.author else "Former care-team member"
        return {"id": item.author_id, "role": item.author_role, "display_name": display_name}


class CarePlanSchema(Schema):
    patient_id = fields.UUID()
    items = fields.List(fields.Nested(CarePlanItemSchema))


class CheckWriteSchema(Schema):
    id = fields.UUID(
        metadata={"description": "The client's id for a new check; ignored when the day is already checked."}
    )
    done = fields.Boolean(required=True, metadata={"description": "true: done; false: skipped."})
    note = fields.String(validate=[validate.Length(max=500), no_nul_characters])


class CheckSchema(Schema):
    id = fields.UUID(dump_only=True)
    item_id = fields.UUID(dump_only=True)
    date = fields.Date(dump_only=True)
    done = fields.Boolean(dump_only=True)
    note = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class CheckQuerySchema(Schema):
    from_ = fields.Date(
        data_key="from", metadata={"description": "First day, inclusive; default 13 days ago."}
    )
    to = fields.Date(metadata={"description": "Last day, inclusive; default today."})
