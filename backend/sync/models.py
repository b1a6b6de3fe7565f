import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..database import AutoIncrementId, UTCDateTime, utcnow
from ..extensions import db


class SyncMutation(db.Model):
    """One pushed change as the server answered it. The unique mutation id makes a resend harmless:
    it finds this row and gets the same answer instead of applying the change twice."""

    __tablename__ = "sync_mutations"
    # The id before the entity: a batch looks up its ids' log rows whatever their entity.
    __table_args__ = (Index("ix_sync_mutations_record", "patient_id", "entity_id", "entity"),)

    id: Mapped[int] = mapped_column(AutoIncrementId, primary_key=True, autoincrement=True)
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(100))
    # As the client sent them: a rejected change may name an entity or id that doesn't exist.
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    # {status, record: {entity, id, version, deleted} | None, errors?}; the record's data is read
    # fresh when the result is asked for again.
    result: Mapped[dict] = mapped_column(JSON)
    # The record version this change produced, so a later change from the same device can tell
    # its own earlier writes from other people's.
    result_version: Mapped[int | None] = mapped_column(Integer)
    # Kept for review when the change was refused or lost in part.
    fields: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
