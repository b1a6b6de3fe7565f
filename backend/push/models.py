"""Push subscriptions, the reminder ledger and per-device deliveries.

The ledger (`reminder_sends`) is what makes a reminder go out once however many workers run:
one row per (patient, subject, local date, kind), held by a UNIQUE constraint. The worker whose
INSERT makes the row sends it; a conflict means another worker has it. Deliveries record each
device that got a send, so a retry never reaches a device twice. Every row hangs off the user by
ON DELETE CASCADE: erasing an account erases its subscriptions and pending reminders with it.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, insert_unless_present, utcnow
from ..extensions import db

# Browsers' endpoints are a few hundred characters; this leaves room and stays indexable.
MAX_ENDPOINT_LENGTH = 2048


class PushSubscription(db.Model):
    """One browser's push subscription; one account at a time (the endpoint is unique)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(MAX_ENDPOINT_LENGTH), unique=True)
    # The browser's P-256 public key (65 bytes) and auth secret (16 bytes), base64url.
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Ledger statuses. pending: waiting for `next_attempt_at`; sending: the worker whose token is in
# `claimed_by` holds it until `lease_until`; then one of sent, gave_up (retried to the end of its
# window), stale (its window passed before any worker tried), dropped (no longer wanted: ticked,
# paused, nothing to add), no_device (wanted, but no device of the patient could take it).
PENDING, SENDING, SENT, GAVE_UP, STALE, DROPPED = "pending", "sending", "sent", "gave_up", "stale", "dropped"
NO_DEVICE = "no_device"


class ReminderSend(db.Model):
    """One reminder to one patient: an item's on a local day, its "Later" repeat, or the
    morning's "add details?"."""

    __tablename__ = "reminder_sends"
    __table_args__ = (
        UniqueConstraint("patient_id", "subject", "local_date", "kind", name="uq_reminder_sends_once"),
        # The worker's scan for rows to claim, and its clearing of old rows.
        Index("ix_reminder_sends_status_next", "status", "next_attempt_at"),
        Index("ix_reminder_sends_due_at", "due_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    patient_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"))
    # The item's id as text, or "morning"; `item_id` also cascades when an item is purged.
    subject: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("care_plan_items.id", ondelete="CASCADE"), index=True
    )
    local_date: Mapped[date] = mapped_column(Date)
    # item | later | morning
    kind: Mapped[str] = mapped_column(String(10))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The end of its window: not sent, nor retried, after this.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The claim token of the worker pass holding the row (status sending); see claims.py.
    claimed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderDelivery(db.Model):
    """A device that received a send: retries skip it."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("send_id", "subscription_id", name="uq_reminder_deliveries_send_subscription"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    send_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("reminder_sends.id", ondelete="CASCADE"))
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True
    )
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def insert_into_ledger(rows: list[dict]):
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: the ids returned are the rows this
    statement made, so the caller owns exactly those; a clash with the UNIQUE (patient, subject,
    local date, kind) returns nothing. Both databases the project runs on have the clause."""
    table = ReminderSend.__table__
    unique = ["patient_id", "subject", "local_date", "kind"]
    return insert_unless_present(table, unique, db.engine.dialect.name).values(rows).returning(table.c.id)
