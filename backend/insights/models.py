import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..changes import SyncedRecord
from ..database import UTCDateTime
from ..extensions import db


class SignMark(SyncedRecord, db.Model):
    """What was done about one occurrence of a warning sign: the patient saw it, a clinician
    reviewed it. An occurrence is a rule with the evidence that raised it (`tokens`); a sign whose
    evidence is all covered by a marked occurrence of the same rule counts as marked, so new
    evidence (a new cramp, a new medicine) brings it back."""

    __tablename__ = "sign_marks"
    __table_args__ = (
        # Two devices marking the same occurrence meet on one row, whichever id they brought.
        UniqueConstraint("patient_id", "occurrence", name="uq_sign_marks_patient_occurrence"),
        Index("ix_sign_marks_patient_change", "patient_id", "change_seq"),
    )

    code: Mapped[str] = mapped_column(String(30))
    occurrence: Mapped[str] = mapped_column(String(60))
    tokens: Mapped[list] = mapped_column(JSON, default=list)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as written, so the patient still reads who reviewed it if that account goes.
    reviewer_name: Mapped[str | None] = mapped_column(String(100))
    review_note: Mapped[str | None] = mapped_column(Text)
