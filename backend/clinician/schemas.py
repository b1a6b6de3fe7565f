from marshmallow import Schema, fields, validate

from ..careplan.schemas import CarePlanItemCreateSchema, CarePlanItemSchema, CarePlanItemUpdateSchema
from ..insights.schemas import ItemAdherenceSchema
from ..validation import clock_time, no_nul_characters

NOTE_FOR_PATIENT = fields.String(
    allow_none=True,
    validate=[validate.Length(max=2000), no_nul_characters],
    metadata={"description": "A note the patient reads with the item; only clinicians write it."},
)

SUGGESTED_REMINDER_AT = clock_time(
    "A reminder time to suggest, local to the patient; on items a clinician wrote. The patient "
    "decides whether to take it."
)


class ClinicianItemCreateSchema(CarePlanItemCreateSchema):
    note_for_patient = NOTE_FOR_PATIENT
    suggested_reminder_at = SUGGESTED_REMINDER_AT


class ClinicianItemUpdateSchema(CarePlanItemUpdateSchema):
    note_for_patient = NOTE_FOR_PATIENT
    suggested_reminder_at = SUGGESTED_REMINDER_AT


class PatientWarningSignsSchema(Schema):
    count = fields.Integer()
    levels = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "How many at each level: urgent, advice, info."},
    )
    codes = fields.List(fields.String(), metadata={"description": "Unreviewed signs, most serious first."})
    reviewed = fields.Integer(metadata={"description": "Signs a clinician has reviewed, not counted above."})


class PlanAdherenceSchema(Schema):
    done = fields.Integer(metadata={"description": "Times done, at most what each item expected."})
    expected = fields.Integer(metadata={"description": "Times the plan asked for its steps."})
    rate = fields.Float(allow_none=True, metadata={"description": "done / expected; null: nothing expected."})


class ShareTermsSchema(Schema):
    id = fields.UUID()
    permission = fields.String()
    expires_at = fields.DateTime(allow_none=True)


class PatientOverviewSchema(Schema):
    id = fields.UUID()
    display_name = fields.String()
    timezone = fields.String()
    share = fields.Nested(ShareTermsSchema)
    last_cramp_at = fields.DateTime(allow_none=True)
    cramps_last_7_days = fields.Integer(
        metadata={"description": "Today and the 6 days before, in the patient's time zone."}
    )
    cramps_last_28_days = fields.Integer(
        metadata={"description": "Today and the 27 days before, in the patient's time zone."}
    )
    cramps_prior_7_days = fields.Integer(
        metadata={"description": "The 7 days before those 7: for the change."}
    )
    cramps_prior_28_days = fields.Integer(
        metadata={"description": "The 28 days before those 28: for the change."}
    )
    warning_signs = fields.Nested(PatientWarningSignsSchema)
    last_change_at = fields.DateTime(
        metadata={"description": "The latest change to the patient's records or profile."}
    )
    adherence_14_days = fields.Nested(
        PlanAdherenceSchema,
        metadata={
            "description": "The whole plan over the patient's last 14 days, by the one adherence definition."
        },
    )


class PatientSummarySchema(PatientOverviewSchema):
    conditions = fields.List(fields.String())
    medications = fields.List(fields.Dict())
    active_care_plan_items = fields.Integer()


class ItemWithAdherenceSchema(CarePlanItemSchema):
    adherence = fields.Nested(ItemAdherenceSchema)


class ClinicianCarePlanSchema(Schema):
    patient_id = fields.UUID()
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    items = fields.List(fields.Nested(ItemWithAdherenceSchema))
