"""Who holds a ledger row: claims, leases and the per-claim token.

A worker pass makes one token (`new_claim_token`) and writes it in `claimed_by` of every row it
inserts or claims. Holding a row means: status sending, `claimed_by` is my token. The lease
(`lease_until`) says when another pass may take the row over, with its own token; from then on
every write of the first holder's (renewing the lease, finishing, releasing) is conditioned on
its token and so changes nothing. Each attempt renews the lease just before it starts, so a row is
only taken over from a worker that has spent a whole LEASE on one row or stopped.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import PENDING, SENDING, ReminderSend, insert_into_ledger
from .schedule import Due, due_item_reminders, due_morning_reminders

# How long a claim holds a row once renewed: longer than sending to every device of one patient
# can take (each push has a 15 s timeout; an account has at most 10 devices).
LEASE = timedelta(minutes=5)
# Rows one pass takes from the waiting queue; the rest wait for the next pass.
CLAIM_BATCH = 500
INSERT_CHUNK = 500

SENDS = ReminderSend.__table__


def new_claim_token() -> uuid.UUID:
    return uuid.uuid4()


def _ledger_row(due: Due, now: datetime, token: uuid.UUID) -> dict:
    return {
        "id": uuid.uuid4(),
        "patient_id": due.patient_id,
        "subject": due.subject,
        "item_id": due.item_id,
        "local_date": due.local_date,
        "kind": due.kind,
        "due_at": due.due_at,
        "expires_at": due.expires_at,
        "status": SENDING,
        "attempts": 0,
        "next_attempt_at": due.due_at,
        "lease_until": now + LEASE,
        "claimed_by": token,
        "created_at": now,
    }


def claim_new(now: datetime, token: uuid.UUID) -> list[uuid.UUID]:
    """Put what has fallen due in the ledger; the ids this worker's inserts made are its own."""
    # One order for every worker: two inserting the same keys in different orders could each
    # wait for the other's uncommitted row (a deadlock on PostgreSQL).
    dues = sorted(
        due_item_reminders(now) + due_morning_reminders(now),
        key=lambda due: (str(due.patient_id), due.subject, due.local_date, due.kind),
    )
    mine = []
    try:
        for start in range(0, len(dues), INSERT_CHUNK):
            rows = [_ledger_row(due, now, token) for due in dues[start : start + INSERT_CHUNK]]
            mine.extend(db.session.execute(insert_into_ledger(rows)).scalars())
        db.session.commit()
    except IntegrityError:
        # An item or account went away between reading and inserting: the next pass sees.
        db.session.rollback()
        return []
    return mine


def _waiting(now: datetime):
    return or_(
        and_(SENDS.c.status == PENDING, SENDS.c.next_attempt_at <= now),
        and_(SENDS.c.status == SENDING, SENDS.c.lease_until < now),
    )


def claim_waiting(now: datetime, token: uuid.UUID | None = None) -> list[uuid.UUID]:
    """Take retries, "Later" repeats and rows whose worker died, one conditional UPDATE each."""
    token = token or new_claim_token()
    oldest = db.session.scalars(
        select(SENDS.c.id).where(_waiting(now)).order_by(SENDS.c.next_attempt_at).limit(CLAIM_BATCH)
    ).all()
    mine = []
    # Claims hold their row locks until the commit: taking them in one order (by id, whatever
    # each worker's snapshot said) means two workers never wait for each other in a circle.
    for send_id in sorted(oldest, key=str):
        claim = (
            update(SENDS)
            .where(SENDS.c.id == send_id, _waiting(now))
            .values(status=SENDING, lease_until=now + LEASE, claimed_by=token)
        )
        if db.session.execute(claim).rowcount == 1:
            mine.append(send_id)
    db.session.commit()
    return mine


def _held(send_id, token: uuid.UUID):
    return and_(SENDS.c.id == send_id, SENDS.c.status == SENDING, SENDS.c.claimed_by == token)


def renew(send_id: uuid.UUID, now: datetime, token: uuid.UUID) -> bool:
    """Extend the lease right before an attempt; False when the row is no longer ours (another
    worker took it over after our lease ran out, or it was finished): then don't send it."""
    result = db.session.execute(update(SENDS).where(_held(send_id, token)).values(lease_until=now + LEASE))
    db.session.commit()
    return result.rowcount == 1


def finish(send_id: uuid.UUID, token: uuid.UUID, **values) -> bool:
    """Record how an attempt ended, only while we still hold the row."""
    result = db.session.execute(
        update(SENDS).where(_held(send_id, token)).values(lease_until=None, claimed_by=None, **values)
    )
    db.session.commit()
    return result.rowcount == 1


def release(send_ids: list[uuid.UUID], now: datetime, token: uuid.UUID) -> None:
    """Give back rows this worker claimed but won't send (it is stopping): the next worker takes them."""
    if send_ids:
        db.session.execute(
            update(SENDS)
            .where(SENDS.c.id.in_(send_ids), SENDS.c.status == SENDING, SENDS.c.claimed_by == token)
            .values(status=PENDING, lease_until=None, claimed_by=None, next_attempt_at=now)
        )
        db.session.commit()
