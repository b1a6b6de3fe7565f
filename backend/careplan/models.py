import datetime
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, Time, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..changes import SyncedRecord
from ..extensions import db


class CarePlanItem(SyncedRecord, db.Model):
    __tablename__ = "care_plan_items"
    __table_args__ = (Index("ix_care_plan_items_patient_change", "patient_id", "change_seq"),)

    category: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(120))
    instructions: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(String(20))
    time_of_day: Mapped[datetime.time | None] = mapped_column(Time)
    # When to remind the patient, local time; only the patient sets it (their phone, their choice).
    reminder_at: Mapped[datetime.time | None] = mapped_column(Time)
    # A time the item's clinician proposes; the patient may take it as `reminder_at`.
    suggested_reminder_at: Mapped[datetime.time | None] = mapped_column(Time)
    status: Mapped[str] = mapped_column(String(20), default="active")
    start_date: Mapped[datetime.date] = mapped_column(Date)
    end_date: Mapped[datetime.date | None] = mapped_column(Date)
    # The author may erase their account; the item stays in the patient's plan.
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_role: Mapped[str] = mapped_column(String(20))
    # Written only by a clinician through the care-team API; the patient reads it.
    note_for_patient: Mapped[str | None] = mapped_column(Text)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")
    checks: Mapped[list["CarePlanCheck"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", passive_deletes=True
    )
    pauses: Mapped[list["CarePlanItemPause"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CarePlanItemPause.first_day"
    )


class CarePlanItemPause(db.Model):
    """Local days an item was paused or stopped, so adherence never counts them as missed.
    The server keeps these for itself; devices see only the item's current status."""

    __tablename__ = "care_plan_item_pauses"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("care_plan_items.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[datetime.date] = mapped_column(Date)
    # None while the item is still paused or stopped.
    last_day: Mapped[datetime.date | None] = mapped_column(Date)


class CarePlanCheck(SyncedRecord, db.Model):
    """One day's tick for one item: done, or skipped (done false), with an optional note."""

    __tablename__ = "care_plan_checks"
    __table_args__ = (
        UniqueConstraint("item_id", "date", name="uq_care_plan_checks_item_date"),
        Index("ix_care_plan_checks_patient_date", "patient_id", "date"),
        Index("ix_care_plan_checks_patient_change", "patient_id", "change_seq"),
    )

    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("care_plan_items.id", ondelete="CASCADE"))
    date: Mapped[datetime.date] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[CarePlanItem] = relationship(back_populates="checks")
