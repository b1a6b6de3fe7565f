import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
AutoIncrementId = BigInteger().with_variant(Integer, "sqlite")


class SyncMutation(db.Model):
    """One pushed change as the server answered it. The unique mutation id makes a resend harmless:
    it finds this row and gets the same answer instead of applying the change twice."""

    __tablename__ = "sync_mutations"
    __table_args__ = (Index("ix_sync_mutations_record", "patient_id", "entity", "entity_id"),)

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


class EpisodeRevision(db.Model):
    """An episode as it was at one version ('write'), or a device's values that lost a conflict
    ('lost_conflict'). Writes let the server tell which fields changed since a device's base."""

    __tablename__ = "episode_revisions"
    __table_args__ = (Index("ix_episode_revisions_episode_version", "episode_id", "version"),)

    id: Mapped[int] = mapped_column(AutoIncrementId, primary_key=True, autoincrement=True)
    episode_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("episodes.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20), default="write")
    snapshot: Mapped[dict] = mapped_column(JSON)
    client_id: Mapped[str | None] = mapped_column(String(100))
    mutation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
