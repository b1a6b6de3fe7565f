"""The one way a clinician reaches a patient's data, and the log line every such access leaves."""

import uuid
from datetime import datetime

from flask_smorest import abort
from sqlalchemy import or_

from ..auth.models import User
from ..database import utcnow
from ..extensions import db
from .models import AccessLogEntry, Share


def is_active(now: datetime):
    """SQL condition: the share is neither revoked nor past its end."""
    return Share.revoked_at.is_(None) & or_(Share.expires_at.is_(None), Share.expires_at > now)


def active_share(clinician: User, patient_id: uuid.UUID) -> Share | None:
    query = db.select(Share).where(
        Share.clinician_id == clinician.id, Share.patient_id == patient_id, is_active(utcnow())
    )
    return db.session.scalar(query)


def get_active_share_or_404(clinician: User, patient_id: uuid.UUID, need_edit: bool = False) -> Share:
    """The clinician's active share with this patient, checked on every request.

    A revoked or expired share closes access at once, whatever token the clinician holds.
    No share looks the same as no such patient: 404. A view-only share can't write: 403.
    """
    share = active_share(clinician, patient_id)
    if share is None:
        abort(404, message="Not found.")
    if need_edit and not share.can_edit_plan:
        abort(403, message="This patient has not allowed you to change their care plan.")
    return share


def get_shared_patient_or_404(clinician: User, patient_id: uuid.UUID, need_edit: bool = False) -> User:
    """The patient, if they share with this clinician right now (see get_active_share_or_404)."""
    return get_active_share_or_404(clinician, patient_id, need_edit).patient


def log_access(
    patient_id: uuid.UUID, actor: User, action: str, target_id: uuid.UUID | None = None
) -> AccessLogEntry:
    """Add a log row to the current transaction, so it commits (or not) with what it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown access-log action {action!r}")
    entry = AccessLogEntry(
        patient_id=patient_id, actor_id=actor.id, actor_role=actor.role, action=action, target_id=target_id
    )
    db.session.add(entry)
    return entry


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
}


def active_shares_of(clinician: User) -> list[Share]:
    query = db.select(Share).where(Share.clinician_id == clinician.id, is_active(utcnow()))
    return db.session.scalars(query).all()
