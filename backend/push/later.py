""" "Later": the signed token a reminder carries, and the one extra send a press schedules.

The token names the ledger row of the reminder it came with, signed with the app's SECRET_KEY
under a salt of its own (no other signed value of the app can pass for it) and accepted for a
bounded time. A press inserts one "later" row 30 minutes on; the ledger's UNIQUE constraint
makes it one per reminder, so a second press (or a retried request) answers the same time.
"""

import uuid
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from .models import PENDING, ReminderSend, insert_into_ledger
from .schedule import ITEM, ITEM_WINDOW, LATER

LATER_TOKEN_SALT = "crampcare.push.later"
# A press on "Later" hours after the reminder is no longer about that reminder.
LATER_TOKEN_MAX_AGE = 6 * 3600
LATER_DELAY = timedelta(minutes=30)
NO_LONGER = "This reminder can no longer be put off. Open the app instead."


class BadToken(ValueError):
    pass


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LATER_TOKEN_SALT)


def later_token(send_id: uuid.UUID) -> str:
    return _serializer().dumps({"send": str(send_id)})


def send_named_by(token: str) -> ReminderSend:
    """The item reminder a token names; BadToken when forged, damaged, too old or gone."""
    try:
        data = _serializer().loads(token, max_age=LATER_TOKEN_MAX_AGE)
        send_id = uuid.UUID(data["send"])
    except (BadData, ValueError, TypeError, KeyError) as error:
        # ValueError also covers text that can't be encoded (a lone surrogate).
        raise BadToken(NO_LONGER) from error
    send = db.session.get(ReminderSend, send_id)
    if send is None or send.kind != ITEM:
        # Erased with the account or the item, or a token for some other kind of send.
        raise BadToken(NO_LONGER)
    return send


def schedule_later(send: ReminderSend, now: datetime) -> datetime:
    """When the "later" repeat of `send` is due: a new row 30 minutes on, or the one already made."""
    due_at = now + LATER_DELAY
    row = {
        "id": uuid.uuid4(),
        "patient_id": send.patient_id,
        "subject": send.subject,
        "item_id": send.item_id,
        "local_date": send.local_date,
        "kind": LATER,
        "due_at": due_at,
        "expires_at": due_at + ITEM_WINDOW,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": due_at,
        "created_at": now,
    }
    if db.session.execute(insert_into_ledger([row])).first():
        return due_at
    return db.session.scalar(
        select(ReminderSend.due_at).where(
            ReminderSend.patient_id == send.patient_id,
            ReminderSend.subject == send.subject,
            ReminderSend.local_date == send.local_date,
            ReminderSend.kind == LATER,
        )
    )
