"""Issuing, rotating and revoking the token pairs of a sign-in session, and checking them.

An access token is checked against its session on every request, but not by a database round
trip every time: each worker process remembers, for at most `SIGNED_IN_CACHE_SECONDS` (1 s), that
a session is live and who it speaks for (id, role, time zone). So a session that ends (logout, a
reused refresh token, a password change, an erased account) is refused by every worker within
that time, and at once by the worker that ended it: any commit there that revokes a session or
changes or deletes a user forgets everything remembered. Refresh tokens are always checked in
the database.

Views that need only who is signed in read `signed_in()`; `current_user` is the full `User` row,
read from the database the first time a request touches it (fresh, never a cached copy, so a
version check on the profile sees the row as it is).
"""

import time
import uuid
from dataclasses import dataclass

from flask import Response, current_app, g
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    decode_token,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
)
from flask_smorest import abort
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from werkzeug.local import LocalProxy

from ..database import utcnow
from ..extensions import db, jwt
from .models import AuthSession, RefreshToken, User

# How long a worker trusts what it read about a session; the README promises under 2 seconds.
SIGNED_IN_CACHE_SECONDS = 1.0
# Bounds the memory of a worker that sees very many sessions within one interval.
MOST_REMEMBERED = 10_000
# A session flag: this transaction revoked a session or changed a user; forget on commit.
STALE = "signed_in_cache_stale"
WATCHED_TABLES = (AuthSession.__tablename__, User.__tablename__)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who a request speaks for, as its session said at most a second ago."""

    id: uuid.UUID
    session_id: uuid.UUID
    role: str
    timezone: str

    @property
    def is_clinician(self) -> bool:
        return self.role == "clinician"


# {session id: (monotonic time it was read, SignedIn or None when the session is over)}
_remembered: dict[uuid.UUID, tuple[float, SignedIn | None]] = {}


def forget_signed_in_sessions() -> None:
    """Read every session from the database again (this worker only)."""
    _remembered.clear()


def signed_in() -> SignedIn:
    """The signed-in caller of this request (after `jwt_required`)."""
    return g.signed_in


def issue_token_pair(user: User, session: AuthSession) -> tuple[str, str]:
    claims = {"sid": str(session.id), "role": user.role}
    access_token = create_access_token(identity=str(user.id), additional_claims=claims)
    refresh_token = create_refresh_token(identity=str(user.id), additional_claims=claims)
    decoded = decode_token(refresh_token)
    db.session.add(
        RefreshToken(
            jti=decoded["jti"],
            session_id=session.id,
            expires_at=current_app.config["JWT_REFRESH_TOKEN_EXPIRES"] + utcnow(),
        )
    )
    return access_token, refresh_token


def start_session(user: User) -> tuple[str, str]:
    session = AuthSession(user_id=user.id)
    db.session.add(session)
    db.session.flush()
    return issue_token_pair(user, session)


def _session_id(claims: dict) -> uuid.UUID | None:
    try:
        return uuid.UUID(claims["sid"])
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def session_of(claims: dict) -> AuthSession | None:
    session_id = _session_id(claims)
    return None if session_id is None else db.session.get(AuthSession, session_id)


def end_session(claims: dict) -> None:
    session = session_of(claims)
    if session and session.revoked_at is None:
        session.revoked_at = utcnow()


def rotate_refresh_token(claims: dict) -> AuthSession:
    """Spend the presented refresh token; the caller issues the next pair in the same session."""
    token = db.session.get(RefreshToken, claims["jti"])
    token.used_at = utcnow()
    return session_of(claims)


def attach_cookies(response: Response, access_token: str, refresh_token: str) -> Response:
    # Each cookie lives as long as the token it holds, not the library's default of a year.
    config = current_app.config
    set_access_cookies(
        response, access_token, max_age=int(config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())
    )
    set_refresh_cookies(
        response, refresh_token, max_age=int(config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())
    )
    return response


def clear_cookies(response: Response) -> Response:
    unset_jwt_cookies(response)
    return response


def _read_session(session_id: uuid.UUID) -> SignedIn | None:
    """The live session and its user's role and time zone, in one query; None if it is over."""
    row = db.session.execute(
        select(AuthSession.user_id, AuthSession.revoked_at, User.role, User.timezone)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.id == session_id)
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return SignedIn(row.user_id, session_id, row.role, row.timezone)


def _live_session(session_id: uuid.UUID) -> SignedIn | None:
    ttl = current_app.config.get("SIGNED_IN_CACHE_SECONDS", SIGNED_IN_CACHE_SECONDS)
    now = time.monotonic()
    remembered = _remembered.get(session_id)
    if remembered is not None and now - remembered[0] < ttl:
        return remembered[1]
    who = _read_session(session_id)
    if ttl > 0:
        if len(_remembered) >= MOST_REMEMBERED:
            _remembered.clear()
        _remembered[session_id] = (now, who)
    return who


def _full_user() -> User:
    """The signed-in user's row, read once per request when a view first needs more than `signed_in()`."""
    user = g.get("signed_in_user")
    if user is None:
        user = db.session.get(User, g.signed_in.id)
        if user is None:
            # Erased on another worker within the last second.
            abort(401, message="This account no longer exists.")
        g.signed_in_user = user
    return user


@jwt.user_lookup_loader
def load_user(header: dict, claims: dict):
    # Not read yet: most views need only `signed_in()`; the first touch of `current_user` reads it.
    return LocalProxy(_full_user)


@jwt.token_in_blocklist_loader
def is_revoked(header: dict, claims: dict) -> bool:
    session_id = _session_id(claims)
    if session_id is None:
        return True
    if claims["type"] == "refresh":
        return _refresh_token_is_revoked(session_id, claims)
    who = _live_session(session_id)
    # A session speaks for its own user only, even in a token signed with our key.
    if who is None or str(who.id) != claims["sub"]:
        return True
    g.signed_in = who
    return False


def _refresh_token_is_revoked(session_id: uuid.UUID, claims: dict) -> bool:
    session = db.session.get(AuthSession, session_id)
    if session is None or session.revoked_at is not None or str(session.user_id) != claims["sub"]:
        return True
    token = db.session.get(RefreshToken, claims["jti"])
    if token is None:
        return True
    if token.used_at is not None:
        # A spent refresh token came back: it was copied. End the whole session to be safe.
        session.revoked_at = utcnow()
        db.session.commit()
        return True
    user = db.session.get(User, session.user_id)
    if user is None:
        return True
    g.signed_in = SignedIn(user.id, session_id, user.role, user.timezone)
    g.signed_in_user = user
    return False


# What this worker remembers about sessions is forgotten when a commit here ends a session or
# changes or erases a user, so the worker that did it refuses the session at once.


@event.listens_for(Session, "after_flush")
def _note_session_or_user_flushed(session: Session, flush_context) -> None:
    if any(isinstance(instance, AuthSession | User) for instance in (*session.dirty, *session.deleted)):
        session.info[STALE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_session_or_user_write(state) -> None:
    table = getattr(state.statement, "table", None)
    if (state.is_update or state.is_delete) and table is not None and table.name in WATCHED_TABLES:
        state.session.info[STALE] = True


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    if session.info.pop(STALE, False):
        forget_signed_in_sessions()


@event.listens_for(Session, "after_rollback")
def _nothing_to_forget_after_rollback(session: Session) -> None:
    session.info.pop(STALE, None)
