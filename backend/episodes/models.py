import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..changes import SyncedRecord
from ..database import AutoIncrementId, UTCDateTime, utcnow
from ..extensions import db


class Episode(SyncedRecord, db.Model):
    """One cramp."""

    __tablename__ = "episodes"
    __table_args__ = (
        Index("ix_episodes_patient_night", "patient_id", "night_of"),
        # The diary's order (newest first, the id breaking ties), read backwards; live episodes
        # only, which is what every read by start time asks for.
        Index(
            "ix_episodes_diary",
            "patient_id",
            "started_at",
            "id",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_episodes_patient_change", "patient_id", "change_seq"),
    )

    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    night_of: Mapped[date] = mapped_column(Date)
    severity: Mapped[int | None] = mapped_column(Integer)
    muscle: Mapped[str | None] = mapped_column(String(20))
    side: Mapped[str | None] = mapped_column(String(10))
    woke_from_sleep: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")

    # Lists live in child rows so warning signs and insights can count them in SQL.
    trigger_rows: Mapped[list["EpisodeTrigger"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    relief_rows: Mapped[list["EpisodeRelief"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    symptom_rows: Mapped[list["EpisodeSymptom"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )

    @property
    def triggers(self) -> list[str]:
        return sorted(row.trigger for row in self.trigger_rows)

    @property
    def symptoms(self) -> list[str]:
        return sorted(row.symptom for row in self.symptom_rows)

    @property
    def reliefs(self) -> list[dict]:
        rows = sorted(self.relief_rows, key=lambda row: row.method)
        return [{"method": row.method, "effect": row.effect} for row in rows]


class EpisodeTrigger(db.Model):
    __tablename__ = "episode_triggers"

    episode_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("episodes.id", ondelete="CASCADE"), primary_key=True
    )
    trigger: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class EpisodeSymptom(db.Model):
    __tablename__ = "episode_symptoms"

    episode_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("episodes.id", ondelete="CASCADE"), primary_key=True
    )
    symptom: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class EpisodeRelief(db.Model):
    __tablename__ = "episode_reliefs"

    episode_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("episodes.id", ondelete="CASCADE"), primary_key=True
    )
    method: Mapped[str] = mapped_column(String(30), primary_key=True)
    effect: Mapped[str] = mapped_column(String(10))


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
