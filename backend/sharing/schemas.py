from marshmallow import Schema, fields, validate

from ..reference.vocabulary import SHARE_PERMISSIONS
from ..validation import one_of
from .access import ACTIONS

PERMISSION = {"description": "view: read the diary and care plan; edit_plan: also change the care plan."}


class InviteCreateSchema(Schema):
    permission = fields.String(required=True, validate=one_of(SHARE_PERMISSIONS), metadata=PERMISSION)
    expires_in_hours = fields.Integer(
        strict=True,
        load_default=72,
        validate=validate.Range(1, 720),
        metadata={"description": "How long the code can be redeemed (1 to 720 hours)."},
    )
    share_expires_in_days = fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=validate.Range(1, 3650),
        metadata={"description": "How long the share lasts once accepted; omit to share until revoked."},
    )


class InviteSchema(Schema):
    id = fields.UUID(dump_only=True)
    permission = fields.String(dump_only=True)
    share_expires_in_days = fields.Integer(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)


class InviteCreatedSchema(InviteSchema):
    code = fields.String(dump_only=True, metadata={"description": "Shown once; only its hash is kept."})
    link = fields.String(
        dump_only=True, metadata={"description": "The web app's page that redeems the code."}
    )


class AcceptSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))


class SharePatientSchema(Schema):
    id = fields.UUID()
    display_name = fields.String()


class ShareClinicianSchema(SharePatientSchema):
    email = fields.String()


class ShareSchema(Schema):
    id = fields.UUID(dump_only=True)
    patient_id = fields.UUID(dump_only=True)
    clinician_id = fields.UUID(dump_only=True)
    permission = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={"description": "active, revoked or expired."})
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "null: until revoked."}
    )
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)
    patient = fields.Nested(SharePatientSchema, dump_only=True)
    clinician = fields.Nested(ShareClinicianSchema, dump_only=True)


class SharePermissionSchema(Schema):
    permission = fields.String(required=True, validate=one_of(SHARE_PERMISSIONS), metadata=PERMISSION)


class AccessLogEntrySchema(Schema):
    id = fields.Integer(dump_only=True, metadata={"description": "Ascending: a later row has a larger id."})
    patient_id = fields.UUID(dump_only=True)
    at = fields.DateTime(dump_only=True)
    action = fields.String(dump_only=True)
    description = fields.Function(lambda entry: ACTIONS[entry.action], dump_only=True)
    target_id = fields.UUID(dump_only=True, allow_none=True)
    actor = fields.Method("dump_actor", dump_only=True)

    def dump_actor(self, entry) -> dict:
        display_name = entry.actor.display_name if entry.actor else "Former care-team member"
        return {"id": entry.actor_id, "role": entry.actor_role, "display_name": display_name}


class AccessLogLineSchema(AccessLogEntrySchema):
    """A line of the patient's log: one row, or the reads of one clinician's page visit."""

    id = fields.Integer(
        dump_only=True, metadata={"description": "The line's first row; a later line has a larger id."}
    )
    description = fields.String(dump_only=True)
    actions = fields.List(
        fields.String(), dump_only=True, metadata={"description": "Every action the line covers, in order."}
    )
    last_at = fields.DateTime(dump_only=True, metadata={"description": "When its last row was written."})
