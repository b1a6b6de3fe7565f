"""Consent to share: invitations, shares, and the log of who saw or changed a patient's data."""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Uuid, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime, utcnow
from ..extensions import db

# The live share of a pair: only one at a time, so accepting a second code updates it.
LIVE_SHARE = "revoked_at IS NULL"


class ShareInvite(db.Model):
    """A single-use code a patient hands to a clinician. Only the code's hash is stored."""

    __tablename__ = "share_invites"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    patient_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    permission: Mapped[str] = mapped_column(String(20))
    # How long the share lasts once accepted; None: until revoked.
    share_expires_in_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )

    def is_pending(self, now: datetime) -> bool:
        return self.used_at is None and self.cancelled_at is None and self.expires_at > now


class Share(db.Model):
    """A patient's consent for one clinician to see their data (and maybe edit their plan)."""

    __tablename__ = "shares"
    __table_args__ = (
        Index(
            "uq_shares_live_pair",
            "patient_id",
            "clinician_id",
            unique=True,
            sqlite_where=text(LIVE_SHARE),
            postgresql_where=text(LIVE_SHARE),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    patient_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    clinician_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    permission: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    patient: Mapped[User] = relationship(foreign_keys=[patient_id], lazy="joined")
    clinician: Mapped[User] = relationship(foreign_keys=[clinician_id], lazy="joined")

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= utcnow():
            return "expired"
        return "active"

    @property
    def can_edit_plan(self) -> bool:
        return self.permission == "edit_plan"


class AccessLogEntry(db.Model):
    """One read or change of a patient's data by someone else, or one change to their sharing.

    Rows are only ever added: the ORM refuses to update or delete them, and no endpoint tries.
    """

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_patient_at", "patient_id", "at"),)

    # A counter rather than a UUID: rows are written by INSERT ... SELECT, where the database
    # must make the id, and it orders entries written in the same instant.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"))
    # The actor may erase their account; what they did stays in the patient's log.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The clinician's page visit a read belongs to (X-Visit-Id): the patient's log shows a
    # visit's reads as one line. Null for changes, downloads and reads without a visit.
    visit_id: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")


class AccessLogIsAppendOnly(Exception):
    pass


@event.listens_for(AccessLogEntry, "before_update")
@event.listens_for(AccessLogEntry, "before_delete")
def _refuse_changes(mapper, connection, entry):
    raise AccessLogIsAppendOnly("Access log entries cannot be changed or deleted.")
