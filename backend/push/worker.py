"""The reminders worker: a pass sends what is due; `run_forever` repeats it every few seconds.

Exactly once, however many workers run: a due reminder becomes a ledger row by an INSERT that
does nothing on conflict with the UNIQUE (patient, subject, local date, kind), and only the
worker whose insert made the row sends it. Rows waiting for a retry or a "Later" are taken by a
conditional UPDATE (status and time still as read); the worker whose update changed the row
(rowcount 1) sends it. Each pass writes its own claim token in the rows it inserts or claims
(claims.py), and a claim is a lease: right before each attempt the pass renews the lease with an
UPDATE conditioned on its token, and skips the row when that changes nothing (another worker took
it over). Finishing and releasing are conditioned on the token too, so a worker that lost its row
never overwrites the new holder's outcome. A worker that dies, or stalls for a whole lease, in the
middle of one row's sends leaves that row to another worker, and a device it had already sent to
but not yet recorded may then hear it twice; every other case is once. No transaction stays open
while we talk to a push service.

A pass's clock is injectable (`now`), so tests walk it across days and clock changes.
"""

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

import requests
from flask import current_app
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..careplan.models import CarePlanItem
from ..database import utcnow
from ..extensions import db
from .claims import SENDS, claim_new, claim_waiting, finish, new_claim_token, release, renew
from .endpoints import allowed_origins, endpoint_problem
from .keys import signer
from .later import later_token
from .models import (
    DROPPED,
    GAVE_UP,
    NO_DEVICE,
    PENDING,
    SENT,
    STALE,
    PushSubscription,
    ReminderDelivery,
    ReminderSend,
)
from .payloads import item_payload, morning_payload
from .schedule import (
    MORNING,
    item_still_wanted,
    morning_still_wanted,
)
from .send import DELIVERED, GONE, REFUSED, NoRedirectSession, deliver

log = logging.getLogger(__name__)

FIRST_BACKOFF = timedelta(seconds=30)
LONGEST_BACKOFF = timedelta(minutes=15)
# The ledger only has to outlast a reminder's window and its "Later"; a month is kept so a
# question about a missed reminder can still be answered. Older rows go, a pass at a time.
KEEP_LEDGER = timedelta(days=30)
MAX_POLL_SECONDS = 30

__all__ = ["PassReport", "attempt", "claim_new", "claim_waiting", "run_forever", "run_pass"]


@dataclass
class PassReport:
    claimed: int = 0
    sent: int = 0
    deliveries: int = 0
    retrying: int = 0
    gave_up: int = 0
    stale: int = 0
    dropped: int = 0
    no_device: int = 0
    # Rows another worker took over (our lease ran out) before we attempted them.
    lost: int = 0
    refused: int = 0
    removed_subscriptions: int = 0
    cleared: int = 0

    def __str__(self) -> str:
        return ", ".join(
            f"{field.name.replace('_', ' ')} {getattr(self, field.name)}" for field in fields(self)
        )


def _finish(send_id: uuid.UUID, token: uuid.UUID, **values) -> None:
    if not finish(send_id, token, **values):
        log.warning("Reminder %s was taken over by another worker before we recorded it", send_id)


def _payload(send: ReminderSend) -> dict | None:
    """What to send, or None when it is no longer wanted."""
    if send.subject == MORNING:
        cramps = morning_still_wanted(db.session.get(User, send.patient_id), send.local_date)
        return morning_payload(cramps, send.local_date) if cramps else None
    item = db.session.get(CarePlanItem, send.item_id) if send.item_id else None
    if item is None or item.patient_id != send.patient_id or not item_still_wanted(item, send.local_date):
        return None
    return item_payload(item, send.local_date, send.kind, later_token(send.id))


def _devices_without(send: ReminderSend) -> list[tuple[uuid.UUID, dict]]:
    delivered = exists().where(
        ReminderDelivery.send_id == send.id, ReminderDelivery.subscription_id == PushSubscription.id
    )
    subscriptions = db.session.scalars(
        select(PushSubscription)
        .where(PushSubscription.user_id == send.patient_id, ~delivered)
        .order_by(PushSubscription.created_at)
    ).all()
    return [
        (sub.id, {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}})
        for sub in subscriptions
    ]


def _backoff(attempts: int, asked: float | None) -> timedelta:
    delay = min(FIRST_BACKOFF * 2 ** (attempts - 1), LONGEST_BACKOFF)
    if asked:
        delay = max(delay, min(timedelta(seconds=asked), LONGEST_BACKOFF))
    return delay


def attempt(
    send_id: uuid.UUID,
    clock: Callable[[], datetime],
    http: requests.Session,
    report: PassReport,
    token: uuid.UUID,
):
    """Send one row claimed with `token` to every device of the patient that hasn't had it yet."""
    if not renew(send_id, clock(), token):
        # Erased meanwhile, or our lease ran out and another worker holds it now: not ours to send.
        report.lost += 1
        return
    send = db.session.get(ReminderSend, send_id, populate_existing=True)
    now = clock()
    if send is None:  # the account was erased meanwhile
        db.session.commit()
        return
    if now >= send.expires_at:
        if send.attempts:
            report.gave_up += 1
            log.warning("Gave up on reminder %s after %s attempts", send.id, send.attempts)
        else:
            report.stale += 1
        _finish(send_id, token, status=GAVE_UP if send.attempts else STALE)
        return
    payload = _payload(send)
    if payload is None:
        report.dropped += 1
        _finish(send_id, token, status=DROPPED)
        return
    devices = _devices_without(send)
    expires_at, attempts = send.expires_at, send.attempts + 1
    origins = allowed_origins(current_app.config["PUSH_ENDPOINT_ORIGINS"])
    push_signer = signer()
    db.session.commit()  # nothing stays open while we wait for push services

    retry, asked, refused = False, None, False
    for subscription_id, subscription in devices:
        if endpoint_problem(subscription["endpoint"], origins):
            log.warning("Not sending to a push endpoint that is no longer allowed")
            continue
        outcome = deliver(http, push_signer, subscription, payload, (expires_at - clock()).total_seconds())
        if outcome.result == DELIVERED:
            db.session.add(
                ReminderDelivery(send_id=send_id, subscription_id=subscription_id, delivered_at=clock())
            )
            try:
                db.session.commit()
            except IntegrityError:  # the subscription was removed meanwhile
                db.session.rollback()
            report.deliveries += 1
        elif outcome.result == GONE:
            db.session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))
            db.session.commit()
            report.removed_subscriptions += 1
        elif outcome.result == REFUSED:
            # The push service refused this message (400, 413): sending it again can't help.
            refused = True
            report.refused += 1
        else:
            retry, asked = True, max(asked or 0, outcome.retry_after or 0) or None

    now = clock()
    if retry:
        next_attempt = now + _backoff(attempts, asked)
        if next_attempt >= expires_at:
            report.gave_up += 1
            log.warning("Gave up on reminder %s after %s attempts", send_id, attempts)
            _finish(send_id, token, status=GAVE_UP, attempts=attempts)
        else:
            report.retrying += 1
            _finish(send_id, token, status=PENDING, attempts=attempts, next_attempt_at=next_attempt)
        return
    any_delivered = db.session.scalar(select(exists().where(ReminderDelivery.send_id == send_id)))
    report.sent += bool(any_delivered)
    report.no_device += not any_delivered
    if refused and not any_delivered:
        log.warning("Reminder %s was refused by every push service it was sent to", send_id)
    _finish(send_id, token, status=SENT if any_delivered else NO_DEVICE, attempts=attempts, sent_at=now)


def clear_old_rows(now: datetime) -> int:
    result = db.session.execute(delete(SENDS).where(SENDS.c.due_at < now - KEEP_LEDGER))
    db.session.commit()
    return result.rowcount


def run_pass(
    now: datetime | None = None,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    http: requests.Session | None = None,
) -> PassReport:
    """Send everything due at `now` (default: the real time, read afresh as the pass goes)."""
    clock = (lambda: now) if now is not None else utcnow
    report = PassReport()
    start = clock()
    token = new_claim_token()
    report.cleared = clear_old_rows(start)
    claimed = claim_new(start, token) + claim_waiting(start, token)
    report.claimed = len(claimed)
    session = http or NoRedirectSession()
    try:
        for index, send_id in enumerate(claimed):
            if should_stop():
                release(claimed[index:], clock(), token)
                break
            attempt(send_id, clock, session, report, token)
    finally:
        if http is None:
            session.close()
    return report


def run_forever(
    poll_seconds: float, stop: threading.Event, on_pass: Callable[[PassReport], None] | None = None
):
    """Passes every `poll_seconds` (at most 30), and at the turn of each minute, until `stop` is
    set: reminder times are whole local minutes, so a pass as each minute begins sends them on
    time rather than up to a poll late."""
    poll = min(max(float(poll_seconds), 0.05), MAX_POLL_SECONDS)
    while not stop.is_set():
        try:
            report = run_pass(should_stop=stop.is_set)
            if on_pass:
                on_pass(report)
        except Exception:  # noqa: BLE001 - a long-running worker outlives one bad pass
            # The database may be restarting, or one row hit a bug: log it, try again next time.
            log.exception("A reminders pass failed")
            db.session.rollback()
        finally:
            db.session.remove()
        stop.wait(min(poll, _until_next_minute(utcnow())))


def _until_next_minute(now: datetime) -> float:
    # Every time zone's offset is a whole number of minutes, so local minutes turn with UTC's.
    return 60 - now.second - now.microsecond / 1_000_000 + 0.05
