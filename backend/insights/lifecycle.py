"""Warning signs people act on: the patient marks an occurrence as seen, a clinician marks it
reviewed with a note, and new evidence makes a new occurrence that comes back unmarked.

The rule lives here once; the patient's REST view, sync and the clinician's view call it.
"""

import hashlib
import uuid
from collections import defaultdict

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..changes import hold_patient_writes, record_change
from ..database import utcnow
from ..extensions import db
from .models import SignMark

MAX_TOKENS = 500


def evidence_tokens(warning: dict) -> list[str]:
    """What raised this sign, as sorted tokens: each episode, medicine, condition and plan item."""
    evidence = warning["evidence"]
    episode_ids = evidence.get("all_episode_ids", evidence.get("episode_ids", []))
    tokens = {f"e:{episode_id}" for episode_id in episode_ids}
    tokens |= {f"m:{m['name'].casefold()}|{m.get('class')}" for m in evidence.get("medications", [])}
    tokens |= {f"c:{code}" for code in evidence.get("conditions", [])}
    tokens |= {f"i:{item_id}" for item_id in evidence.get("care_plan_item_ids", [])}
    return sorted(tokens)


def occurrence_key(code: str, tokens: list[str]) -> str:
    digest = hashlib.sha256("\n".join(tokens).encode()).hexdigest()[:24]
    return f"{code}-{digest}"


def _marks_by_patient(patient_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[SignMark]]:
    marks = defaultdict(list)
    query = db.select(SignMark).where(SignMark.patient_id.in_(patient_ids), SignMark.deleted_at.is_(None))
    for mark in db.session.scalars(query):
        marks[mark.patient_id].append(mark)
    return marks


def with_lifecycle(warnings_by_patient: dict[uuid.UUID, list[dict]]) -> dict[uuid.UUID, list[dict]]:
    """Each warning with its occurrence, whether the patient saw it, and its latest review, all
    patients' marks read in one query."""
    marks = _marks_by_patient(list(warnings_by_patient))
    return {
        patient_id: [_marked(warning, marks[patient_id]) for warning in warnings]
        for patient_id, warnings in warnings_by_patient.items()
    }


def _marked(warning: dict, marks: list[SignMark]) -> dict:
    tokens = evidence_tokens(warning)
    covering = [m for m in marks if m.code == warning["code"] and set(tokens) <= set(m.tokens or [])]
    seen = max((m.acknowledged_at for m in covering if m.acknowledged_at), default=None)
    reviewed = max((m for m in covering if m.reviewed_at), key=lambda m: m.reviewed_at, default=None)
    evidence = {key: value for key, value in warning["evidence"].items() if key != "all_episode_ids"}
    return warning | {
        "evidence": evidence,
        "occurrence": occurrence_key(warning["code"], tokens),
        "tokens": tokens,
        "acknowledged_at": seen,
        "review": None if reviewed is None else _review_of(reviewed),
    }


def _review_of(mark: SignMark) -> dict:
    return {"reviewed_at": mark.reviewed_at, "reviewer": mark.reviewer_name, "note": mark.review_note}


def with_mark(warning: dict, mark: SignMark) -> dict:
    """The sign as it reads once `mark` (just written for its occurrence) counts: no need to work
    out every sign again."""
    return warning | {
        "acknowledged_at": warning["acknowledged_at"] or mark.acknowledged_at,
        "review": _review_of(mark) if mark.reviewed_at else warning["review"],
    }


def find_occurrence(warnings: list[dict], occurrence: str) -> dict | None:
    return next((warning for warning in warnings if warning["occurrence"] == occurrence), None)


def _mark_for(
    patient: User, code: str, occurrence: str, tokens: list[str], mark_id=None
) -> tuple[SignMark, bool]:
    """The occurrence's mark, made if there is none; (mark, created). Read as it is once the
    patient's other writes have committed, even if this request read it before."""
    hold_patient_writes(patient.id)
    query = (
        db.select(SignMark)
        .where(SignMark.patient_id == patient.id, SignMark.occurrence == occurrence)
        .execution_options(populate_existing=True)
    )
    mark = db.session.scalar(query)
    if mark is not None:
        return mark, False
    mark = SignMark(
        id=mark_id or uuid.uuid4(), patient_id=patient.id, code=code, occurrence=occurrence, tokens=tokens
    )
    try:
        with db.session.begin_nested():
            record_change(mark)
            db.session.add(mark)
    except IntegrityError:
        # A twin (another device, a repeated request) marked it first: use its row.
        twin = db.session.scalar(query)
        if twin is None:
            raise ValidationError({"id": ["This id belongs to another mark."]}) from None
        return twin, False
    return mark, True


def acknowledge(patient: User, code: str, occurrence: str, tokens: list[str], mark_id=None) -> SignMark:
    """The patient has seen this occurrence. Seen once stays seen; the caller commits."""
    mark, created = _mark_for(patient, code, occurrence, tokens, mark_id)
    if mark.acknowledged_at is None:
        mark.acknowledged_at = utcnow()
        if not created:
            record_change(mark)
    return mark


def review(patient: User, clinician: User, warning: dict, note: str | None) -> SignMark:
    """A clinician reviewed this occurrence, with an optional note the patient reads."""
    mark, created = _mark_for(patient, warning["code"], warning["occurrence"], warning["tokens"])
    mark.reviewed_at = utcnow()
    mark.reviewer_id, mark.reviewer_name = clinician.id, clinician.display_name
    mark.review_note = note or None
    if not created:
        record_change(mark)
    return mark
