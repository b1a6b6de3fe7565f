from flask import current_app, jsonify, request
from flask_jwt_extended import current_user, get_jwt, jwt_required
from flask_limiter.util import get_remote_address
from flask_smorest import abort
from sqlalchemy.exc import IntegrityError

from ..blueprint import Blueprint
from ..changes import next_change_seq, open_counter
from ..extensions import db, limiter
from .models import User
from .passwords import hash_password, needs_rehash, verify_password
from .schemas import LoginSchema, RegisterSchema, TokenPairSchema, UserSchema
from .tokens import (
    attach_cookies,
    clear_cookies,
    end_session,
    issue_token_pair,
    rotate_refresh_token,
    start_session,
)

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and sessions")


def normalised_email(email: str) -> str:
    return email.strip().lower()


def login_account_and_address_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    account = normalised_email(email) if isinstance(email, str) else "?"
    return f"login:{account}|{get_remote_address()}"


def login_failed(response) -> bool:
    # Only wrong passwords count, so a stranger's guesses elsewhere never lock the owner out,
    # and the owner's own successful sign-ins never use up a limit.
    return response.status_code == 401


def login_limit_per_account_and_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"]


def login_limit_per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def register_limit_per_address() -> str:
    return current_app.config["REGISTER_LIMIT_PER_ADDRESS"]


def token_response(user: User, access_token: str, refresh_token: str, *, cookies: bool):
    if cookies:
        return attach_cookies(jsonify(user=UserSchema().dump(user)), access_token, refresh_token)
    return {"access_token": access_token, "refresh_token": refresh_token, "user": user}


@blp.route("/register", methods=["POST"])
@limiter.limit(register_limit_per_address)
@blp.arguments(
    RegisterSchema,
    example={
        "email": "sam@example.org",
        "password": "a long passphrase",
        "display_name": "Sam",
        "role": "patient",
        "timezone": "Europe/London",
    },
)
@blp.response(201, UserSchema)
@blp.alt_response(409, description="An account with this email exists.")
@blp.doc(security=[])
def register(data):
    """Create an account"""
    user = User(
        email=normalised_email(data["email"]),
        password_hash=hash_password(data["password"]),
        display_name=data["display_name"].strip(),
        role=data["role"],
        timezone=data["timezone"],
        conditions=[],
        medications=[],
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        abort(409, message="An account with this email already exists.")
    open_counter(user.id)
    # Numbered now, so a device's first download carries the profile.
    user.change_seq = next_change_seq(user.id)
    db.session.commit()
    return user


@blp.route("/login", methods=["POST"])
@limiter.limit(login_limit_per_address, deduct_when=login_failed)
@limiter.limit(
    login_limit_per_account_and_address, key_func=login_account_and_address_key, deduct_when=login_failed
)
@blp.arguments(LoginSchema, example={"email": "sam@example.org", "password": "a long passphrase"})
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, description="Wrong email or password.")
@blp.alt_response(429, description="Too many attempts; wait and try again.")
@blp.doc(security=[])
def login(data):
    """Sign in: a token pair, or httpOnly cookies when `cookies` is true"""
    user = db.session.scalar(db.select(User).filter_by(email=normalised_email(data["email"])))
    if not verify_password(user.password_hash if user else None, data["password"]):
        abort(401, message="Email or password is wrong.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(data["password"])
    access_token, refresh_token = start_session(user)
    db.session.commit()
    return token_response(user, access_token, refresh_token, cookies=data["cookies"])


@blp.route("/refresh", methods=["POST"])
@jwt_required(refresh=True)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, description="The refresh token is expired, spent or revoked.")
def refresh():
    """Exchange a refresh token for a new pair; the old refresh token stops working"""
    session = rotate_refresh_token(get_jwt())
    access_token, refresh_token = issue_token_pair(current_user, session)
    db.session.commit()
    cookies = "Authorization" not in request.headers
    return token_response(current_user, access_token, refresh_token, cookies=cookies)


@blp.route("/logout", methods=["POST"])
@jwt_required(verify_type=False)
@blp.response(204)
def logout():
    """Sign out: the session's access and refresh tokens stop working at once"""
    end_session(get_jwt())
    db.session.commit()
    return clear_cookies(current_app.response_class(status=204))
