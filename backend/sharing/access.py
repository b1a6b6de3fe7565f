"""The one way a clinician reaches a patient's data, and the log line every such access leaves.

A read may name the page visit it belongs to (the `X-Visit-Id` header the clinician's patient
page sends on each of its calls); the row keeps it, so the patient's log shows one visit as one
line (service.access_log_page). Changes, reviews and downloads never fold: they carry no visit.
"""

import re
import uuid
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import String, Uuid, insert, literal, or_

from ..auth.models import User
from ..database import UTCDateTime, utcnow
from ..extensions import db
from .models import AccessLogEntry, Share

# Every action the log knows, in the words the patient reads beside the actor's name.
ACTIONS = {
    "create_invite": "Created an invitation code",
    "cancel_invite": "Cancelled an invitation code",
    "accept_share": "Joined your care team",
    "change_share_permission": "Changed what a care-team member may do",
    "revoke_share": "Stopped sharing",
    "view_patient_list": "Saw you in their list of patients",
    "view_summary": "Looked at your summary",
    "view_episodes": "Looked at your cramp diary",
    "view_care_plan": "Looked at your care plan",
    "view_checks": "Looked at your care-plan check-offs",
    "view_insights": "Looked at your trends",
    "view_warnings": "Looked at your warning signs",
    "create_care_plan_item": "Added an item to your care plan",
    "edit_care_plan_item": "Changed an item in your care plan",
    "delete_care_plan_item": "Removed an item from your care plan",
    "download_report": "Downloaded your visit report",
    "download_fhir": "Downloaded your records for their health record system",
    "review_warning": "Reviewed a warning sign",
}
# What a clinician without a share (or with view only, for a change) tried to do; the patient
# reads each refusal in their log too.
ATTEMPTS = {
    "view_summary": "open your summary",
    "view_episodes": "open your cramp diary",
    "view_care_plan": "open your care plan",
    "view_checks": "open your care-plan check-offs",
    "view_insights": "open your trends",
    "view_warnings": "open your warning signs",
    "create_care_plan_item": "add an item to your care plan",
    "edit_care_plan_item": "change an item in your care plan",
    "delete_care_plan_item": "remove an item from your care plan",
    "download_report": "download your visit report",
    "download_fhir": "download your records",
    "review_warning": "review a warning sign",
}
ACTIONS.update(
    {f"refused_{action}": f"Tried to {attempt} and was refused" for action, attempt in ATTEMPTS.items()}
)
# The reads a page visit folds into one line, and what each looked at, in the patient's words:
# "Looked at your summary, cramp diary and warning signs".
VISIT_READS = {
    "view_summary": "summary",
    "view_episodes": "cramp diary",
    "view_care_plan": "care plan",
    "view_checks": "care-plan check-offs",
    "view_insights": "trends",
    "view_warnings": "warning signs",
}
VISIT_HEADER = "X-Visit-Id"
# The page makes its ids (random UUIDs); anything else is ignored, never refused. A UUID never
# reads as a row id, which stands in for the visit of a row without one.
VISIT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class AccessRefused(Exception):
    """A clinician's request for a patient's data that no active share allows.

    Raised rather than answered on the spot, so the view layer can roll back what the request
    did, keep the refusal in the patient's log and commit that alone.
    """

    def __init__(self, patient_id: uuid.UUID, action: str, status: int, message: str):
        super().__init__(message)
        self.patient_id, self.action, self.status, self.message = patient_id, action, status, message


def log_refusal(refusal: AccessRefused, clinician: User) -> None:
    """One log row for the refusal, if the id is a patient's; an unknown id leaves no trace."""
    patients = db.select(User.id).where(User.id == refusal.patient_id, User.role == "patient")
    _log_for_each(patients, clinician, f"refused_{refusal.action}")


def is_active(now: datetime):
    """SQL condition: the share is neither revoked nor past its end."""
    return Share.revoked_at.is_(None) & or_(Share.expires_at.is_(None), Share.expires_at > now)


def _active_share_query(clinician: User, patient_id: uuid.UUID, now: datetime):
    return db.select(Share).where(
        Share.clinician_id == clinician.id, Share.patient_id == patient_id, is_active(now)
    )


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown access-log action {action!r}")


def log_access(
    patient_id: uuid.UUID, actor: User, action: str, target_id: uuid.UUID | None = None
) -> AccessLogEntry:
    """Add a log row to the current transaction, so it commits (or not) with what it records."""
    _check_action(action)
    entry = AccessLogEntry(
        patient_id=patient_id, actor_id=actor.id, actor_role=actor.role, action=action, target_id=target_id
    )
    db.session.add(entry)
    return entry


def get_shared_patient_or_404(
    clinician: User, patient_id: uuid.UUID, action: str, need_edit: bool = False
) -> User:
    """The patient, if they share with this clinician right now; checked on every request.

    A revoked or expired share closes access at once, whatever token the clinician holds.
    No share looks the same as no such patient: 404. A view-only share can't write: 403.
    Either refusal is raised as AccessRefused, for the patient's log.
    """
    share = db.session.scalar(_active_share_query(clinician, patient_id, utcnow()))
    if share is None:
        raise AccessRefused(patient_id, action, 404, "Not found.")
    if need_edit and not share.can_edit_plan:
        raise AccessRefused(
            patient_id, action, 403, "This patient has not allowed you to change their care plan."
        )
    return share.patient


def _visit_id(action: str) -> str | None:
    """The page visit this read belongs to, if the request names one and the action is a read."""
    if action not in VISIT_READS or not has_request_context():
        return None
    value = request.headers.get(VISIT_HEADER, "").lower()
    return value if VISIT_ID.fullmatch(value) else None


def _log_for_each(patients_query, actor: User, action: str, visit_id: str | None = None) -> int:
    """INSERT ... SELECT one log row per patient id the query finds (its first column); returns how
    many were written."""
    _check_action(action)
    rows = patients_query.add_columns(
        literal(actor.id, Uuid()),
        literal(actor.role, String()),
        literal(action, String()),
        literal(utcnow(), UTCDateTime()),
        literal(visit_id, String()),
    )
    columns = ["patient_id", "actor_id", "actor_role", "action", "at", "visit_id"]
    # RETURNING, since drivers disagree on the row count of INSERT ... SELECT.
    statement = insert(AccessLogEntry.__table__).from_select(columns, rows).returning(AccessLogEntry.id)
    return len(db.session.execute(statement).all())


def read_shared_patient(clinician: User, patient_id: uuid.UUID, action: str) -> Share:
    """Authorise a clinician's read of one patient and log it, in one statement.

    The log row is written only if an active share exists, so access and its record can't
    drift apart; the share is then read in the same transaction. 404 without a share.
    """
    now = utcnow()
    shares = _active_share_query(clinician, patient_id, now).with_only_columns(Share.patient_id)
    if _log_for_each(shares, clinician, action, _visit_id(action)) == 0:
        raise AccessRefused(patient_id, action, 404, "Not found.")
    return db.session.scalar(_active_share_query(clinician, patient_id, now))


def read_all_shared_patients(clinician: User, action: str) -> list[Share]:
    """Every active share of the clinician, with one log row written for each patient."""
    now = utcnow()
    shares = db.select(Share).where(Share.clinician_id == clinician.id, is_active(now))
    _log_for_each(shares.with_only_columns(Share.patient_id), clinician, action)
    return db.session.scalars(shares).all()
