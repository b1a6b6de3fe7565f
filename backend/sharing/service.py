"""Invitations, shares and their log lines: the rules behind the sharing views.

access_log_page(patient_id, pagination_parameters) -> [LogLine]   the log the patient reads
shares_of(user) -> [Share] (a clinician's ended ones only for ENDED_SHARES_SHOWN_FOR)
ended_at(share) -> when it was revoked or expired, or None
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_smorest import abort
from sqlalchemy import String, cast, func, update
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..database import utcnow
from ..extensions import db
from .access import ACTIONS, VISIT_READS, log_access
from .codes import code_hash, new_code
from .models import AccessLogEntry, Share, ShareInvite

UNUSABLE_CODE = "This code does not work. It may be mistyped, used, cancelled or expired: ask for a new one."


def create_invite(
    patient: User, permission: str, expires_in_hours: int, share_expires_in_days: int | None
) -> tuple[ShareInvite, str]:
    """A new invitation and its code; the code is shown this once and never stored."""
    # A clash with an existing code's hash is about as likely as guessing one; the unique
    # index turns it into an error rather than two invites answering to one code.
    code = new_code()
    now = utcnow()
    invite = ShareInvite(
        id=uuid.uuid4(),
        patient_id=patient.id,
        code_hash=code_hash(code),
        permission=permission,
        share_expires_in_days=share_expires_in_days,
        created_at=now,
        expires_at=now + timedelta(hours=expires_in_hours),
    )
    db.session.add(invite)
    log_access(patient.id, patient, "create_invite", invite.id)
    return invite, code


def pending_invites(patient: User) -> list[ShareInvite]:
    query = db.select(ShareInvite).where(
        ShareInvite.patient_id == patient.id,
        ShareInvite.used_at.is_(None),
        ShareInvite.cancelled_at.is_(None),
        ShareInvite.expires_at > utcnow(),
    )
    return db.session.scalars(query.order_by(ShareInvite.created_at.desc(), ShareInvite.id)).all()


def get_own_invite_or_404(patient: User, invite_id: uuid.UUID) -> ShareInvite:
    invite = db.session.get(ShareInvite, invite_id)
    if invite is None or invite.patient_id != patient.id:
        abort(404, message="Not found.")
    return invite


def cancel_invite(invite: ShareInvite, patient: User) -> None:
    """Cancel a pending code; cancelling one that is already cancelled or expired changes nothing."""
    if invite.used_at is not None:
        abort(409, message="This code was already used. Stop sharing with that person instead.")
    if invite.is_pending(utcnow()):
        invite.cancelled_at = utcnow()
        log_access(patient.id, patient, "cancel_invite", invite.id)


def _claim_invite(code: str, clinician: User) -> ShareInvite:
    """Mark a pending invite used in one statement, so two clinicians can't both redeem it."""
    now = utcnow()
    claimed_id = db.session.execute(
        update(ShareInvite)
        .where(
            ShareInvite.code_hash == code_hash(code),
            ShareInvite.used_at.is_(None),
            ShareInvite.cancelled_at.is_(None),
            ShareInvite.expires_at > now,
        )
        .values(used_at=now, accepted_by_id=clinician.id)
        .returning(ShareInvite.id)
    ).scalar_one_or_none()
    if claimed_id is None:
        # Unknown, used, cancelled and expired codes answer alike, so probing tells nothing.
        abort(404, message=UNUSABLE_CODE)
    return db.session.get(ShareInvite, claimed_id)


def _live_share(patient_id: uuid.UUID, clinician_id: uuid.UUID) -> Share | None:
    query = db.select(Share).where(
        Share.patient_id == patient_id, Share.clinician_id == clinician_id, Share.revoked_at.is_(None)
    )
    return db.session.scalar(query)


def redeem_invite(code: str, clinician: User) -> tuple[Share, bool]:
    """Turn a code into a share. Returns (share, created).

    A clinician who already has an unrevoked share with this patient (active or expired) gets
    that share updated with the new code's permission and end date: one relationship, one row.
    """
    invite = _claim_invite(code, clinician)
    now = utcnow()
    ends_at = now + timedelta(days=invite.share_expires_in_days) if invite.share_expires_in_days else None
    share = _live_share(invite.patient_id, clinician.id)
    created = share is None
    if created:
        share = Share(
            id=uuid.uuid4(),
            patient_id=invite.patient_id,
            clinician_id=clinician.id,
            permission=invite.permission,
            created_at=now,
            expires_at=ends_at,
        )
        try:
            with db.session.begin_nested():
                db.session.add(share)
        except IntegrityError:
            # Another code for the same pair was redeemed at the same moment and won.
            share, created = _live_share(invite.patient_id, clinician.id), False
    if not created:
        share.permission, share.expires_at = invite.permission, ends_at
    log_access(invite.patient_id, clinician, "accept_share", share.id)
    return share, created


# How long a clinician still sees an ended share in their list ("access ended on ..."), so a
# patient who stopped sharing doesn't simply vanish; after that it goes.
ENDED_SHARES_SHOWN_FOR = timedelta(days=30)


def ended_at(share: Share) -> datetime | None:
    if share.revoked_at is not None:
        return share.revoked_at
    if share.expires_at is not None and share.expires_at <= utcnow():
        return share.expires_at
    return None


def shares_of(user: User) -> list[Share]:
    """Every share the user is a party to, newest first: a patient's clinicians or a clinician's
    patients. A clinician's list keeps an ended share for 30 days after it ended, then drops it:
    the patient chose to stop sharing, and the clinician needs only to know that it ended."""
    party = Share.clinician_id if user.is_clinician else Share.patient_id
    query = db.select(Share).where(party == user.id).order_by(Share.created_at.desc(), Share.id)
    shares = db.session.scalars(query).all()
    if not user.is_clinician:
        return shares
    cutoff = utcnow() - ENDED_SHARES_SHOWN_FOR
    return [share for share in shares if (ended_at(share) or utcnow()) > cutoff]


def get_party_share_or_404(user: User, share_id: uuid.UUID) -> Share:
    share = db.session.get(Share, share_id)
    if share is None or user.id not in (share.patient_id, share.clinician_id):
        abort(404, message="Not found.")
    return share


def change_permission(share: Share, patient: User, permission: str) -> None:
    if share.status != "active":
        abort(409, message="This share has ended. Invite them again to share once more.")
    if share.permission != permission:
        share.permission = permission
        log_access(share.patient_id, patient, "change_share_permission", share.id)


def end_share(share: Share, actor: User) -> None:
    """Revoke at once; ending a share that already ended changes nothing."""
    if share.revoked_at is None:
        share.revoked_at = utcnow()
        log_access(share.patient_id, actor, "revoke_share", share.id)


@dataclass
class LogLine:
    """One line of the patient's log: a single row, or the reads of one page visit folded."""

    entries: list[AccessLogEntry]
    actions: list[str] = field(init=False)

    def __post_init__(self):
        self.actions = list(dict.fromkeys(entry.action for entry in self.entries))

    def __getattr__(self, name):
        # id, patient_id, at, action, target_id, actor...: the visit's first row speaks for it.
        return getattr(self.entries[0], name)

    @property
    def last_at(self) -> datetime:
        return self.entries[-1].at

    @property
    def description(self) -> str:
        if len(self.actions) == 1:
            return ACTIONS[self.actions[0]]
        # In one fixed order: the page's reads arrive in whatever order the network delivers.
        things = [thing for action, thing in VISIT_READS.items() if action in self.actions]
        return f"Looked at your {', '.join(things[:-1])} and {things[-1]}"


def access_log_page(patient_id: uuid.UUID, pagination_parameters) -> list[LogLine]:
    """The patient's log, newest first, one line per visit: rows of one clinician's page visit
    (the same visit_id) fold into one line, placed and dated where the visit began.

    Paged by lines, not rows, so a visit never splits across pages: three queries per page
    (the count, the page's lines, their rows), whatever their size.
    """
    line_key = func.coalesce(AccessLogEntry.visit_id, cast(AccessLogEntry.id, String))
    lines = (
        db.select(
            func.min(AccessLogEntry.id).label("first_id"), AccessLogEntry.actor_id, line_key.label("key")
        )
        .where(AccessLogEntry.patient_id == patient_id)
        .group_by(AccessLogEntry.actor_id, line_key)
        .subquery()
    )
    pagination_parameters.item_count = db.session.scalar(db.select(func.count()).select_from(lines))
    if pagination_parameters.first_item >= pagination_parameters.item_count:
        return []
    page = db.session.execute(
        db.select(lines.c.first_id, lines.c.actor_id, lines.c.key)
        .order_by(lines.c.first_id.desc())
        .offset(pagination_parameters.first_item)
        .limit(pagination_parameters.page_size)
    ).all()
    rows = db.session.scalars(
        db.select(AccessLogEntry)
        .where(AccessLogEntry.patient_id == patient_id, line_key.in_([key for _, _, key in page]))
        .order_by(AccessLogEntry.id)
    ).all()
    by_line = {}
    for row in rows:
        key = row.visit_id or str(row.id)
        by_line.setdefault((row.actor_id, key), []).append(row)
    return [LogLine(by_line[(actor_id, key)]) for _, actor_id, key in page]


def access_log_for_export(user: User) -> list[AccessLogEntry]:
    """A patient's export holds who touched their data; a clinician's, what they themselves did."""
    column = AccessLogEntry.actor_id if user.is_clinician else AccessLogEntry.patient_id
    query = db.select(AccessLogEntry).where(column == user.id)
    return db.session.scalars(query.order_by(AccessLogEntry.at, AccessLogEntry.id)).all()
