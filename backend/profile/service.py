"""Profile changes, once, for the REST view and sync."""

from ..auth.models import User
from ..auth.schemas import medications_for_storage
from ..changes import hold_patient_writes, record_change
from ..extensions import db


def profile_for_change(user: User) -> User:
    """The profile as it is now, once the patient's other writes have committed: the row read at
    sign-in may predate an edit that committed while this request waited for it."""
    hold_patient_writes(user.id)
    db.session.refresh(user)
    return user


def update_profile(profile: User, fields: dict) -> dict:
    """Write the given profile fields; returns those whose value changed. A profile the change
    leaves as it was keeps its version."""
    if "medications" in fields:
        fields = {**fields, "medications": medications_for_storage(fields["medications"])}
    changes = {name: value for name, value in fields.items() if getattr(profile, name) != value}
    for name, value in changes.items():
        setattr(profile, name, value)
    if changes:
        record_change(profile, patient_id=profile.id)
    return changes
