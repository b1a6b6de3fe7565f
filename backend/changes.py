"""Versions, tombstones and the per-patient change counter that orders sync pulls.

Every write to a patient's data takes the next value of that patient's counter inside the
write transaction. The counter row stays locked until commit (a row lock on PostgreSQL, the
database write lock on SQLite), so change numbers become visible in the order they were given
and a pull never skips a change that commits later.
"""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, Uuid, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .database import UTCDateTime, utcnow
from .extensions import db


class ChangeCounter(db.Model):
    __tablename__ = "change_counters"

    patient_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    last_change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # Tombstones at or below this change number have been purged; older cursors must reset.
    tombstone_horizon: Mapped[int] = mapped_column(BigInteger, default=0)


def next_change_seq(patient_id: uuid.UUID) -> int:
    statement = (
        update(ChangeCounter)
        .where(ChangeCounter.patient_id == patient_id)
        .values(last_change_seq=ChangeCounter.last_change_seq + 1)
        .returning(ChangeCounter.last_change_seq)
    )
    # Straight to the connection: the ORM's bulk-update bookkeeping would cost more than the
    # statement, and this runs once for every record written.
    return db.session.connection().execute(statement).scalar_one()


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
