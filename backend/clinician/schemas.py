from marshmallow import Schema, fields, validate

from ..careplan.schemas import CarePlanItemCreateSchema, CarePlanItemSchema, CarePlanItemUpdateSchema
from ..insights.schemas import ItemAdherenceSchema
from ..validation import no_nul_characters

NOTE_FOR_PATIENT = fields.String(
    allow_none=True,
    validate=[validate.Length(max=2000), no_nul_characters],
    metadata={"description": "A note the patient reads with the item; only clinicians write it."},
)


class ClinicianItemCreateSchema(CarePlanItemCreateSchema):
    note_for_patient = NOTE_FOR_PATIENT


class ClinicianItemUpdateSchema(CarePlanItemUpdateSchema):
    note_for_patient = NOTE_FOR_PATIENT


class PatientWarningSignsSchema(Schema):
    count = fields.Integer()
    levels = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "How many at each level: urgent, advice, info."},
    )
    codes = fields.List(fields.String(), metadata={"description": "Unreviewed signs, most serious first."})
    reviewed = fields.Integer(metadata={"description": "Signs a clinician has reviewed, not counted above."})


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
    warning_signs = fields.Nested(PatientWarningSignsSchema)
    last_change_at = fields.DateTime(
        metadata={"description": "The latest change to the patient's records or profile."}
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
