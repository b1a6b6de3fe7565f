from marshmallow import INCLUDE, Schema, fields, validate

from .entities import ENTITIES
from .mutations import OPERATIONS

STATUSES = ("applied", "merged", "conflict", "duplicate", "rejected")

PUSH_EXAMPLE = {
    "client_id": "3f0c8a52-6d1e-4b7a-9c2d-1e5f7a9b0c4d",
    "mutations": [
        {
            "mutation_id": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
            "entity": "episode",
            "op": "upsert",
            "id": "0b7c2f4e-8a51-4c1e-9d0e-3f6a1b2c4d5e",
            "base_version": None,
            "fields": {
                "started_at": "2026-11-05T03:12:00+01:00",
                "ended_at": "2026-11-05T03:14:30+01:00",
                "severity": 7,
                "muscle": "calf",
                "side": "left",
            },
        },
        {
            "mutation_id": "7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f",
            "entity": "check",
            "op": "upsert",
            "id": "5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c",
            "base_version": None,
            "fields": {"item_id": "5d1e8c3a-7b42-4f0e-a9c1-2e3f4a5b6c7d", "date": "2026-11-04", "done": True},
        },
    ],
}


class PushMutationSchema(Schema):
    """Only the mutation id is checked with the batch; the rest is checked change by change,
    so one malformed change is answered `rejected` instead of refusing the whole batch."""

    class Meta:
        unknown = INCLUDE

    mutation_id = fields.UUID(required=True, metadata={"description": "The device's id for this change."})
    entity = fields.Raw(allow_none=True, metadata={"type": "string", "enum": list(ENTITIES)})
    op = fields.Raw(allow_none=True, metadata={"type": "string", "enum": list(OPERATIONS)})
    id = fields.Raw(
        allow_none=True, metadata={"type": "string", "format": "uuid", "description": "The record's id."}
    )
    base_version = fields.Raw(
        allow_none=True,
        metadata={
            "type": "integer",
            "nullable": True,
            "description": "The server version the device changed; null for a record it created.",
        },
    )
    # Last in the class: from here on `fields` names this field, not the marshmallow module.
    fields = fields.Raw(
        allow_none=True,
        metadata={"type": "object", "description": "The changed fields, named as in the REST schemas."},
    )


class PushSchema(Schema):
    client_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    mutations = fields.List(fields.Nested(PushMutationSchema), required=True)


class ChangeSchema(Schema):
    entity = fields.String(metadata={"enum": list(ENTITIES)})
    id = fields.String()
    version = fields.Integer()
    deleted = fields.Boolean()
    data = fields.Dict(
        allow_none=True, metadata={"description": "The record as the REST API shows it; null once deleted."}
    )


class MutationResultSchema(Schema):
    mutation_id = fields.String()
    status = fields.String(metadata={"enum": list(STATUSES)})
    original_status = fields.String(metadata={"description": "For `duplicate`: what the first answer was."})
    record = fields.Nested(ChangeSchema)
    errors = fields.Dict()


class PushResultSchema(Schema):
    results = fields.List(fields.Nested(MutationResultSchema))


class PullQuerySchema(Schema):
    # Query strings arrive as text, so these integers can't be strict.
    cursor = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=1000))


class PullPageSchema(Schema):
    changes = fields.List(fields.Nested(ChangeSchema))
    cursor = fields.Integer(metadata={"description": "Send it back to get the changes after this page."})
    has_more = fields.Boolean()
    server_time = fields.DateTime(
        metadata={"description": "The server's clock, so a device can tell when its own is far out."}
    )
