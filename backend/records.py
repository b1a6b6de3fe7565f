"""Lookups and writes shared by every kind of patient record (episodes, plan items, checks)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask_smorest import abort
from marshmallow import Schema
from sqlalchemy.exc import IntegrityError

from .changes import PurgedRecord, SyncedRecord, record_change
from .extensions import db

R = TypeVar("R", bound=SyncedRecord)

ID_OF_A_DELETED_RECORD = "A record with this id was deleted; it can't be created again. Use a new id."


class ChangeRefused(Exception):
    """A change this actor may not make to this record, whichever door it came in by.

    REST answers 403 with the message and field errors; sync answers `rejected` with the errors
    and the record as the server has it.
    """

    def __init__(self, message: str, errors: dict[str, list[str]]):
        super().__init__(message)
        self.message, self.errors = message, errors


def get_live_or_404(model: type[R], patient_id: uuid.UUID, record_id: uuid.UUID) -> R:
    """The patient's record; anyone else's, a missing or a deleted one all look the same: 404."""
    record = db.session.get(model, record_id)
    if record is None or record.patient_id != patient_id or record.is_deleted:
        abort(404, message="Not found.")
    return record


def version_header(record: SyncedRecord) -> dict:
    """The record's version as an ETag, the form `expected_version` reads back from If-Match."""
    return {"ETag": f'"{record.version}"'}


def check_version(record: SyncedRecord, expected: int | None, schema: Schema) -> None:
    if expected is not None and expected != record.version:
        abort(
            409,
            message="This record changed since you loaded it. Review the current version.",
            current=schema.dump(record),
        )


@dataclass(frozen=True)
class PriorUse:
    """What a client's id already stands for in this patient's records, before a create."""

    record: SyncedRecord | None = None
    # The id named a record that was deleted and whose tombstone has since been purged.
    purged_version: int | None = None

    @property
    def is_free(self) -> bool:
        return self.record is None and self.purged_version is None

    @property
    def is_live(self) -> bool:
        return self.record is not None and not self.record.is_deleted


class NotTheirs(Exception):
    """The id belongs to another patient's record."""


def prior_use(model: type[R], patient_id: uuid.UUID, record_id: uuid.UUID | None, get=None) -> PriorUse:
    """The one answer to "this id exists already", for REST and sync alike: a live record is
    returned as it is, a deleted one (tombstoned or purged) stays deleted, and someone else's
    is refused without saying so. `get` looks a row up by id (sync reads its batch's copy)."""
    if record_id is None:
        return PriorUse()
    get = get or db.session.get
    record = get(model, record_id)
    if record is not None:
        if record.patient_id != patient_id:
            raise NotTheirs(record_id)
        return PriorUse(record)
    purged = get(PurgedRecord, record_id)
    if purged is not None:
        if purged.patient_id != patient_id:
            raise NotTheirs(record_id)
        return PriorUse(purged_version=purged.version)
    return PriorUse()


def _existing_for_create(model: type[R], patient_id: uuid.UUID, record_id) -> R | None:
    try:
        prior = prior_use(model, patient_id, record_id)
    except NotTheirs:
        abort(404, message="Not found.")
    if prior.is_free:
        return None
    if not prior.is_live:
        abort(409, message=ID_OF_A_DELETED_RECORD)
    return prior.record


def create_once(
    model: type[R], patient_id: uuid.UUID, record_id: uuid.UUID | None, build: Callable[[], R]
) -> tuple[R, bool]:
    """Create a record with the client's id, or return the one stored under that id; the caller
    commits. Returns (record, created).

    A racing twin that commits first makes our insert fail on the primary key; its savepoint is
    undone and we answer with the twin's record, so a retried request never makes two.
    """
    if existing := _existing_for_create(model, patient_id, record_id):
        return existing, False
    try:
        with db.session.begin_nested():
            record = build()
            if record_id:
                record.id = record_id
            record_change(record)
            db.session.add(record)
    except IntegrityError:
        if existing := _existing_for_create(model, patient_id, record_id):
            return existing, False
        raise
    return record, True
