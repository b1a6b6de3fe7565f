"""Issuing, rotating and revoking the token pairs of a sign-in session."""

import uuid

from flask import Response, current_app, g
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    decode_token,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
)
from sqlalchemy.orm import joinedload

from ..database import utcnow
from ..extensions import db, jwt
from .models import AuthSession, RefreshToken, User


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


def session_of(claims: dict) -> AuthSession | None:
    try:
        # Loading the user alongside puts it in the identity map: the user lookup that
        # follows every token check then costs no second query.
        return db.session.get(AuthSession, uuid.UUID(claims["sid"]), options=[joinedload(AuthSession.user)])
    except (KeyError, ValueError):
        return None


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


@jwt.user_lookup_loader
def load_user(header: dict, claims: dict) -> User | None:
    try:
        return db.session.get(User, uuid.UUID(claims["sub"]))
    except ValueError:
        return None


@jwt.token_in_blocklist_loader
def is_revoked(header: dict, claims: dict) -> bool:
    session = session_of(claims)
    # Held for the rest of the request: the session holds its user, so the user lookup that
    # follows finds it in the identity map instead of reading it again (one query, not two).
    g.signed_in_session = session
    if session is None or session.revoked_at is not None:
        return True
    if str(session.user_id) != claims["sub"]:
        # A session speaks for its own user only, even in a token signed with our key.
        return True
    if claims["type"] != "refresh":
        return False
    token = db.session.get(RefreshToken, claims["jti"])
    if token is None:
        return True
    if token.used_at is not None:
        # A spent refresh token came back: it was copied. End the whole session to be safe.
        session.revoked_at = utcnow()
        db.session.commit()
        return True
    return False
