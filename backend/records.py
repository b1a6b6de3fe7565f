"""Lookups and writes shared by every kind of patient record (episodes, plan items, checks)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from flask_smorest import abort
from marshmallow import Schema, ValidationError
from sqlalchemy import bindparam, cast, exists, inspect, select
from sqlalchemy.exc import IntegrityError

from .changes import PurgedRecord, SyncedRecord, hold_patient_writes, record_change
from .database import insert_unless_present
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


def get_live_or_404(
    model: type[R], patient_id: uuid.UUID, record_id: uuid.UUID, *, for_change: bool = False
) -> R:
    """The patient's record; anyone else's, a missing or a deleted one all look the same: 404.

    `for_change`: the record is about to change, so it is read once the patient's other writes
    have committed (`changes.hold_patient_writes`), and a version check sees the latest.
    """
    if for_change:
        hold_patient_writes(patient_id)
    record = db.session.get(model, record_id, populate_existing=for_change)
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


@cache
def _insert_unless_taken_statement(table, dialect: str):
    """The INSERT that insert_once runs, built once per table and database."""

    # PostgreSQL types the bare parameters of a SELECT list as text: cast them to the column's
    # type. SQLite needs no cast, and its CAST(? AS DATETIME) would turn a date into a number.
    def value(column):
        parameter = bindparam(column.name, type_=column.type)
        return cast(parameter, column.type) if dialect == "postgresql" else parameter

    spent = exists().where(PurgedRecord.id == bindparam("id", type_=table.c.id.type))
    source = select(*[value(column) for column in table.columns]).where(~spent)
    return (
        insert_unless_present(table, [table.c.id], dialect)
        .from_select([column.name for column in table.columns], source)
        .returning(table.c.id)
    )


def _column_values(record) -> dict:
    mapper = inspect(type(record))
    values = {}
    for attribute in mapper.column_attrs:
        (column,) = attribute.columns
        value = getattr(record, attribute.key)
        if value is None and column.default is not None and column.default.is_scalar:
            value = column.default.arg
        values[column.name] = value
    return values


def _inserted_unless_taken(record) -> bool:
    """INSERT the record unless its id is taken (a row of the table, or a purged id): one statement."""
    connection = db.session.connection()
    statement = _insert_unless_taken_statement(type(record).__table__, connection.dialect.name)
    return connection.execute(statement, _column_values(record)).first() is not None


def insert_once(
    model: type[R],
    patient_id: uuid.UUID,
    record_id: uuid.UUID | None,
    build: Callable[[], R],
    write_rows: Callable[[R], None],
    insert_whole: Callable[[R], bool | None] | None = None,
) -> tuple[R, bool]:
    """`create_once` for the busiest create (an episode): the same answers, in fewer statements.

    The record is built outside the session and written with one INSERT ... ON CONFLICT DO
    NOTHING whose SELECT also skips a purged id; so a free id (nearly always) costs no lookup
    before it, and the write lock is taken once. `write_rows(record)` then writes what belongs
    with it (child rows, the revision). When the id is taken, by this patient or another, or was
    purged, the transaction is undone (the change number too) and the answer is the one
    `create_once` gives: the stored record, 404 or 409. Racing twins are safe as with
    `create_once`: the database's unique id decides, and the loser answers with the winner's
    record. The caller commits, and must have nothing else pending in the session.

    `insert_whole(record)`, where given, does all of that in one statement of its own, change
    number included (True: inserted; False: the id is taken), or answers None where it can't
    (then the statements above run).
    """
    try:
        record = build()
    except ValidationError:
        # An existing id is answered before the fields are checked, as `create_once` does.
        if record_id is not None and (existing := _existing_for_create(model, patient_id, record_id)):
            return existing, False
        raise
    record.id = record_id or uuid.uuid4()
    record.patient_id = patient_id
    inserted = insert_whole(record) if insert_whole is not None else None
    if inserted is None:
        record_change(record)
        inserted = _inserted_unless_taken(record)
        if inserted:
            write_rows(record)
    if inserted:
        return record, True
    db.session.rollback()
    if existing := _existing_for_create(model, patient_id, record_id):
        return existing, False
    # Taken a moment ago and gone now (the other account was erased): the id is free again.
    return insert_once(model, patient_id, record_id, build, write_rows, insert_whole)
