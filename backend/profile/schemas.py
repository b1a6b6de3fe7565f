from marshmallow import Schema, fields, validate

from ..auth.schemas import UserSchema
from ..careplan.schemas import CarePlanItemSchema, CheckSchema
from ..episodes.schemas import EpisodeSchema
from ..insights.schemas import SignMarkSchema
from ..sharing.schemas import AccessLogEntrySchema, ShareSchema


class EraseAccountSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))
    # Checked against the account's email too, so the rules run in the view (password_problem).
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))


class ExportSchema(Schema):
    exported_at = fields.DateTime()
    profile = fields.Nested(UserSchema)
    episodes = fields.List(fields.Nested(EpisodeSchema))
    care_plan_items = fields.List(fields.Nested(CarePlanItemSchema))
    care_plan_checks = fields.List(fields.Nested(CheckSchema))
    sign_marks = fields.List(
        fields.Nested(SignMarkSchema),
        metadata={"description": "Warning signs I marked seen, and clinicians' reviews of them."},
    )
    shares = fields.List(fields.Nested(ShareSchema))
    access_log = fields.List(
        fields.Nested(AccessLogEntrySchema),
        metadata={"description": "A patient's: who saw or changed their data. A clinician's: what they did."},
    )
