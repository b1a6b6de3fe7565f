from marshmallow import Schema, ValidationError, fields, validate

from ..reference.vocabulary import (
    MUSCLES,
    RELIEF_EFFECTS,
    RELIEF_METHODS,
    SIDES,
    SYMPTOMS,
    TRIGGERS,
)
from ..validation import ChangeSchema, aware_datetime, code_list, no_nul_characters, one_of

EPISODE_EXAMPLE = {
    "id": "0b7c2f4e-8a51-4c1e-9d0e-3f6a1b2c4d5e",
    "started_at": "2026-11-05T03:12:00+01:00",
    "ended_at": "2026-11-05T03:14:30+01:00",
    "severity": 7,
    "muscle": "calf",
    "side": "left",
    "woke_from_sleep": True,
    "triggers": ["long_standing"],
    "reliefs": [{"method": "stretching", "effect": "full"}],
    "symptoms": ["soreness_after"],
    "notes": "Second one tonight.",
}


class ReliefSchema(Schema):
    method = fields.String(required=True, validate=one_of(RELIEF_METHODS))
    effect = fields.String(required=True, validate=one_of(RELIEF_EFFECTS))


def one_relief_per_method(reliefs: list[dict]) -> None:
    methods = [relief["method"] for relief in reliefs]
    if len(methods) != len(set(methods)):
        raise ValidationError("Each relief method may appear only once.")


class EpisodeFieldsSchema(Schema):
    """The fields a client writes; shared by create, update and sync."""

    started_at = aware_datetime(
        required=True,
        metadata={"description": "With its offset; not before 1900, nor more than 15 minutes ahead (REST)."},
    )
    ended_at = aware_datetime(allow_none=True)
    severity = fields.Integer(strict=True, allow_none=True, validate=validate.Range(0, 10))
    muscle = fields.String(allow_none=True, validate=one_of(MUSCLES))
    side = fields.String(allow_none=True, validate=one_of(SIDES))
    woke_from_sleep = fields.Boolean(allow_none=True)
    triggers = code_list(TRIGGERS)
    reliefs = fields.List(
        fields.Nested(ReliefSchema),
        validate=[validate.Length(max=len(RELIEF_METHODS)), one_relief_per_method],
        metadata={"uniqueItems": True, "description": "Each method at most once."},
    )
    symptoms = code_list(SYMPTOMS)
    notes = fields.String(validate=[validate.Length(max=2000), no_nul_characters])


class EpisodeCreateSchema(EpisodeFieldsSchema):
    id = fields.UUID(metadata={"description": "The client's id; a repeat create returns the stored record."})


class EpisodeUpdateSchema(ChangeSchema, EpisodeFieldsSchema):
    version = fields.Integer(strict=True, metadata={"description": "The version this edit is based on."})


class EpisodeSchema(EpisodeFieldsSchema):
    id = fields.UUID(dump_only=True)
    duration_seconds = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "Null while the cramp is still going."}
    )
    night_of = fields.Date(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class EpisodeQuerySchema(Schema):
    from_ = fields.Date(data_key="from", metadata={"description": "First night (YYYY-MM-DD), inclusive."})
    to = fields.Date(metadata={"description": "Last night (YYYY-MM-DD), inclusive."})
