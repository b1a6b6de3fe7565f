"""Lookups and writes shared by every kind of patient record (episodes, plan items, checks)."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from flask_smorest import abort
from marshmallow import Schema
from sqlalchemy.exc import IntegrityError

from .changes import SyncedRecord, record_change
from .extensions import db

R = TypeVar("R", bound=SyncedRecord)


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


def _existing_for_create(model: type[R], patient_id: uuid.UUID, record_id) -> R | None:
    record = db.session.get(model, record_id) if record_id else None
    if record is not None:
        if record.patient_id != patient_id:
            abort(404, message="Not found.")
        if record.is_deleted:
            abort(409, message="A record with this id was deleted.")
    return record


def create_once(
    model: type[R], patient_id: uuid.UUID, record_id: uuid.UUID | None, build: Callable[[], R]
) -> tuple[R, bool]:
    """Create a record with the client's id, or return the one stored under that id.

    Returns (record, created). A racing twin that commits first makes our insert fail on the
    primary key; we then answer with its record, so a retried request never makes two.
    """
    if existing := _existing_for_create(model, patient_id, record_id):
        return existing, False
    record = build()
    if record_id:
        record.id = record_id
    record_change(record)
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if existing := _existing_for_create(model, patient_id, record_id):
            return existing, False
        raise
    return record, True
