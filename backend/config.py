"""Configuration from the environment, with defaults that need no external service."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'crampcare.db'}"
    # Hosting platforms still hand out postgres:// URLs; psycopg 3 needs its own driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key() -> str:
    """The environment's SECRET_KEY, else a random one generated once and kept under instance/.

    Shipping a default key would let anyone forge tokens for every installation.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = INSTANCE_DIR / "secret_key"
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when several workers start at once, exactly one writes the key.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


class Config:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    API_TITLE = "CrampCare API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "v1/openapi.json"
    API_SPEC_OPTIONS = {
        "info": {"description": "Cramp diary, care plan, care-team sharing and offline sync."},
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            }
        },
        "security": [{"bearerAuth": []}],
    }

    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=15)
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=30)
    # API clients send bearer tokens; the PWA gets httpOnly cookies with CSRF double-submit,
    # so page scripts never hold a token.
    JWT_TOKEN_LOCATION = ["headers", "cookies"]
    JWT_COOKIE_SECURE = os.environ.get("COOKIE_SECURE", "0") == "1"
    JWT_COOKIE_SAMESITE = "Strict"
    # Persistent cookies keep the app signed in across restarts, like the refresh token lifetime.
    JWT_SESSION_COOKIE = False
    JWT_COOKIE_CSRF_PROTECT = True
    JWT_ACCESS_COOKIE_PATH = "/api/"
    JWT_REFRESH_COOKIE_PATH = "/api/v1/auth/"

    # How many proxies in front of the app to trust for the client's address and scheme
    # (X-Forwarded-For, -Proto, -Host); 0 when clients connect straight to gunicorn.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Failed sign-ins only: guesses at one account from one address, and from one address at all.
    LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS = os.environ.get(
        "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "5 per minute;20 per hour"
    )
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per minute;100 per hour")
    REGISTER_LIMIT_PER_ADDRESS = os.environ.get("REGISTER_LIMIT_PER_ADDRESS", "10 per minute")

    # Cramps before this local hour belong to the night that began the evening before.
    NIGHT_ENDS_AT_HOUR = 12

    # Reminders (Web Push). Besides the known push services, origins such as
    # "http://127.0.0.1:8123" that may receive pushes (comma-separated; empty: none). Every other
    # endpoint is refused, so a subscription can't turn the worker into a proxy into our network.
    PUSH_ENDPOINT_ORIGINS = os.environ.get("PUSH_ENDPOINT_ORIGINS", "")
    # How often the reminders worker wakes, in seconds (at most 30).
    REMINDER_POLL_SECONDS = float(os.environ.get("REMINDER_POLL_SECONDS", "20"))
    # The VAPID key (PEM, or base64url of the raw 32-byte key or its DER) and the contact that
    # push services are given. Without a key, one is generated once into VAPID_KEY_FILE.
    VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY") or None
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:reminders@crampcare.example.org")
    VAPID_KEY_FILE = INSTANCE_DIR / "vapid_private_key.pem"

    FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
    MAX_CONTENT_LENGTH = 1024 * 1024


def engine_options(url: str) -> dict:
    """Behind PgBouncer in transaction mode, DATABASE_PREPARE_THRESHOLD=none: psycopg would
    otherwise prepare a statement on one server connection and run it on another."""
    options = {"pool_pre_ping": True}
    threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "").strip().lower()
    if threshold and url.startswith("postgresql+psycopg://"):
        options["connect_args"] = {"prepare_threshold": None if threshold == "none" else int(threshold)}
    return options


def load_config() -> dict:
    url = database_url()
    return {
        "SECRET_KEY": secret_key(),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
    }
