"""What one pushed change is, what applying it can come to, and the checks every entity shares."""

import uuid
from dataclasses import dataclass, field

from marshmallow import Schema, fields, validate

from ..auth.models import User
from ..records import NotTheirs, PriorUse, prior_use
from .batch import BatchState
from .entities import ENTITIES, gone

OPERATIONS = ("upsert", "delete")
# One answer for an id that is malformed, unknown to this account or someone else's, so a
# device can't learn which ids exist.
UNUSABLE_ID = "This id can't be used for your records."


class MutationSchema(Schema):
    mutation_id = fields.UUID(required=True)
    entity = fields.String(required=True, validate=validate.OneOf(ENTITIES))
    op = fields.String(required=True, validate=validate.OneOf(OPERATIONS))
    id = fields.UUID(required=True, error_messages={"invalid_uuid": UNUSABLE_ID})
    base_version = fields.Integer(
        strict=True, allow_none=True, load_default=None, validate=validate.Range(min=0)
    )
    # Last in the class: from here on `fields` names this field, not the marshmallow module.
    fields = fields.Dict(keys=fields.String(), load_default=dict)


@dataclass(frozen=True)
class Mutation:
    mutation_id: uuid.UUID
    entity: str
    op: str
    record_id: uuid.UUID
    base_version: int | None
    fields: dict

    @property
    def effective_base_version(self) -> int:
        # Ids are born on devices, so a device that never saw a server version of a record it
        # names is the one that created it: its change builds on that first version.
        return self.base_version or 1


MUTATION_SCHEMA = MutationSchema()


def parse_mutation(raw: dict) -> Mutation:
    data = MUTATION_SCHEMA.load(raw)
    return Mutation(
        mutation_id=data["mutation_id"],
        entity=data["entity"],
        op=data["op"],
        record_id=data["id"],
        base_version=data["base_version"],
        fields=data["fields"],
    )


@dataclass(frozen=True)
class PushContext:
    patient_id: uuid.UUID
    # The zone the session knows, for the night each episode belongs to (`timezone`).
    session_timezone: str
    client_id: str
    # The patient's row, for the changes that need more than the id and zone (profile, care
    # plan). The route passes flask-jwt-extended's `current_user`, which is read when first used,
    # so a batch of episodes reads no user row.
    patient: User
    # Set by the push for a batch with profile changes: the zone is then the row's, as each
    # change leaves it.
    changes_profile: bool = False
    batch: BatchState = field(default_factory=BatchState)

    @property
    def timezone(self) -> str:
        """The patient's zone as of this change: a profile change earlier in the batch (a
        patient who travelled, then logged cramps offline) moves the nights of those after it."""
        return self.patient.timezone if self.changes_profile else self.session_timezone


@dataclass
class Outcome:
    status: str  # applied | merged | conflict
    record: object | None = None
    # For a record that no longer exists: its change as the device should take it.
    change: dict | None = None
    # True when this mutation made a new version of the record.
    wrote: bool = False
    # The device's values that lost to someone else's, kept for review.
    lost: dict = field(default_factory=dict)


class MutationRejected(Exception):
    """The change can't be applied as sent; it is answered `rejected` with these field errors."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def own_record(model, context: PushContext, record_id: uuid.UUID):
    """The patient's record with this id (deleted or not), None if there is none, and the same
    refusal as for a malformed id if it belongs to someone else."""
    record = context.batch.get(model, record_id)
    if record is not None and record.patient_id != context.patient_id:
        raise MutationRejected({"id": [UNUSABLE_ID]})
    return record


def upsert_record(context: PushContext, mutation: Mutation, model, *, create, change) -> Outcome:
    """An upsert as every entity takes it: the id's prior use decides, by the same rule as a
    REST create (`records.prior_use`). A live record is changed, a free id is created, and a
    deleted one (tombstoned or purged) stays deleted: the device gets the deletion."""
    try:
        prior = prior_use(model, context.patient_id, mutation.record_id, get=context.batch.get)
    except NotTheirs:
        raise MutationRejected({"id": [UNUSABLE_ID]}) from None
    if prior.is_live:
        return change(context, mutation, prior.record)
    if prior.record is not None:
        return Outcome("conflict", prior.record)
    return _purged_or_created(context, mutation, prior, create)


def _purged_or_created(context: PushContext, mutation: Mutation, prior: PriorUse, create) -> Outcome:
    """An unknown id is created, unless the device or the log shows it existed: then it was
    deleted and its tombstone purged (before spent ids were kept), and the edit must not bring
    it back."""
    logged_version = context.batch.last_logged_version(
        context.patient_id, mutation.entity, mutation.record_id
    )
    known_version = max(mutation.base_version or 0, logged_version or 0, prior.purged_version or 0)
    if known_version:
        return Outcome("conflict", change=gone(mutation.entity, mutation.record_id, known_version))
    return create(context, mutation)
