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

    FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
    MAX_CONTENT_LENGTH = 1024 * 1024


def load_config() -> dict:
    return {
        "SECRET_KEY": secret_key(),
        "SQLALCHEMY_DATABASE_URI": database_url(),
    }
