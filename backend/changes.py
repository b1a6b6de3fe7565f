"""Versions, tombstones, the per-patient change counter that orders sync pulls, and the one list
of record types that sync carries.

Every write to a patient's data takes the next value of that patient's counter inside the
write transaction. The counter row stays locked until commit (a row lock on PostgreSQL, the
database write lock on SQLite), so change numbers become visible in the order they were given
and a pull never skips a change that commits later. This module is the only one that touches
the counter.
"""

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Uuid, bindparam, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .database import UTCDateTime, utcnow
from .extensions import db

# Where a session keeps change numbers taken ahead: {patient_id: [numbers]}.
RESERVED = "reserved_change_seqs"


class ChangeCounter(db.Model):
    __tablename__ = "change_counters"

    patient_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    last_change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # Tombstones at or below this change number have been purged; older cursors must reset.
    tombstone_horizon: Mapped[int] = mapped_column(BigInteger, default=0)


def open_counter(patient_id: uuid.UUID) -> None:
    """Give a new account its counter, in the transaction that creates the account."""
    db.session.add(ChangeCounter(patient_id=patient_id, last_change_seq=0, tombstone_horizon=0))
    db.session.flush()


# Built once, with parameters: building it for every write cost more than running it.
_ADVANCE = (
    update(ChangeCounter)
    .where(ChangeCounter.patient_id == bindparam("counter_patient_id", type_=Uuid))
    .values(last_change_seq=ChangeCounter.last_change_seq + bindparam("counter_count", type_=BigInteger))
    .returning(ChangeCounter.last_change_seq)
)


_HOLD = (
    db.select(ChangeCounter.patient_id)
    .where(ChangeCounter.patient_id == bindparam("counter_patient_id", type_=Uuid))
    .with_for_update()
)


def hold_patient_writes(patient_id: uuid.UUID) -> None:
    """Wait for the patient's other writes to commit, and make later ones wait for this one.

    Take it before reading what is about to change, so the version a client's edit is checked
    against, or the record sync merges into, is the latest: two servers (or two workers) on
    PostgreSQL otherwise both read version 1 and both answer "saved". Every write takes the
    counter row first, so two writes never wait on each other's locks. SQLite needs nothing
    here: a writing request holds the database's write lock from BEGIN.
    """
    db.session.connection().execute(_HOLD, {"counter_patient_id": patient_id})


def _advance(patient_id: uuid.UUID, count: int) -> int:
    # Straight to the connection: the ORM's bulk-update bookkeeping would cost more than the
    # statement, and this runs for every record written.
    parameters = {"counter_patient_id": patient_id, "counter_count": count}
    return db.session.connection().execute(_ADVANCE, parameters).scalar_one()


def take_change_seqs(patient_id: uuid.UUID, count: int) -> range:
    """The next `count` change numbers, in one statement."""
    last = _advance(patient_id, count) if count else 0
    return range(last - count + 1, last + 1) if count else range(0)


def next_change_seq(patient_id: uuid.UUID) -> int:
    reserved = db.session.info.get(RESERVED, {}).get(patient_id)
    if reserved:
        return reserved.pop(0)
    return _advance(patient_id, 1)


@contextmanager
def reserved_change_seqs(patient_id: uuid.UUID, count: int):
    """Take `count` change numbers in one statement for the writes that follow (a sync batch):
    one counter update instead of one per record. The counter row stays locked until commit, as
    with single numbers; numbers left unused are gaps, which pulls never mind. Take them outside
    any savepoint, so undoing one write never gives its number back to another."""
    reservations = db.session.info.setdefault(RESERVED, {})
    reservations[patient_id] = list(take_change_seqs(patient_id, count))
    try:
        yield
    finally:
        reservations.pop(patient_id, None)


def counter_position(patient_id: uuid.UUID) -> tuple[int, int]:
    """(last change number given out, tombstone horizon); (0, 0) for an account without one."""
    row = db.session.execute(
        db.select(ChangeCounter.last_change_seq, ChangeCounter.tombstone_horizon).where(
            ChangeCounter.patient_id == patient_id
        )
    ).one_or_none()
    return (row[0], row[1]) if row else (0, 0)


def raise_tombstone_horizon(patient_id: uuid.UUID, change_seq: int) -> None:
    """Tombstones up to `change_seq` are gone: a device whose cursor is older must start over."""
    db.session.execute(
        update(ChangeCounter)
        .where(ChangeCounter.patient_id == patient_id, ChangeCounter.tombstone_horizon < change_seq)
        .values(tombstone_horizon=change_seq)
    )


class PurgedRecord(db.Model):
    """An id whose tombstone was purged. It stays spent: neither REST nor sync brings it back."""

    __tablename__ = "purged_records"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    entity: Mapped[str] = mapped_column(String(30))
    # The tombstone's version, which a device told of the purge takes as the record's last.
    version: Mapped[int] = mapped_column(Integer)


class SyncedRecord:
    """Columns of a patient record that can be born offline and travels through sync."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def patient_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def change_seq(cls) -> Mapped[int]:
        return mapped_column(BigInteger, index=True, default=0)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def record_change(record, patient_id: uuid.UUID | None = None) -> None:
    """Stamp a new or changed record with the next change number and a new version.

    `patient_id` is only needed for records that don't carry one (the profile is the patient).
    """
    record.change_seq = next_change_seq(patient_id or record.patient_id)
    now = utcnow()
    if record.created_at is None:
        record.created_at = now
        record.version = 1
    else:
        record.version += 1
    record.updated_at = now


def record_deletion(record: SyncedRecord) -> None:
    """Leave a tombstone: the row stays for sync, every read skips it."""
    record.deleted_at = utcnow()
    record_change(record)


@dataclass(frozen=True)
class SyncedType:
    """One kind of record that travels through sync, with what every reader of the list needs."""

    entity: str
    # What an export calls a list of them.
    collection: str
    model: type
    # The REST output schema, so a record reads the same whichever way it reached the device.
    schema: type
    # The profile is the patient's own row: no tombstones, owned through its id.
    is_patient_record: bool = True
    # Writes one record in the schema's form without marshmallow, where the busiest type has one.
    wire: Callable[[object], dict] | None = None

    @property
    def owner_column(self):
        return self.model.patient_id if self.is_patient_record else self.model.id


@cache
def synced_types() -> tuple[SyncedType, ...]:
    """Every synced record type, in the order a device applies a first download."""
    # Imported here: the models below import this module for SyncedRecord and record_change.
    from .auth.models import User
    from .auth.schemas import UserSchema
    from .careplan.models import CarePlanCheck, CarePlanItem
    from .careplan.schemas import CarePlanItemSchema, CheckSchema
    from .episodes.diary import wire_of
    from .episodes.models import Episode
    from .episodes.schemas import EpisodeSchema
    from .insights.models import SignMark
    from .insights.schemas import SignMarkSchema

    return (
        SyncedType("episode", "episodes", Episode, EpisodeSchema, wire=wire_of),
        SyncedType("care_plan_item", "care_plan_items", CarePlanItem, CarePlanItemSchema),
        SyncedType("check", "care_plan_checks", CarePlanCheck, CheckSchema),
        SyncedType("sign_mark", "sign_marks", SignMark, SignMarkSchema),
        SyncedType("profile", "profile", User, UserSchema, is_patient_record=False),
    )


def synced_type(entity: str) -> SyncedType | None:
    return next((kind for kind in synced_types() if kind.entity == entity), None)


def patient_record_types() -> tuple[SyncedType, ...]:
    """The types a patient owns as rows of their own: what is exported, purged and counted."""
    return tuple(kind for kind in synced_types() if kind.is_patient_record)
