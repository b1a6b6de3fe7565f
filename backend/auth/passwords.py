"""Password hashing (argon2) and the password rules: a length minimum and a blocklist, with no
composition rules, as NIST SP 800-63B advises."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
TOO_SHORT = (
    f"Use at least {MIN_PASSWORD_LENGTH} characters (at most {MAX_PASSWORD_LENGTH}). "
    "A few unrelated words in a row work well."
)
TOO_COMMON = "This password is one of the most common ones, so it is easy to guess. Please choose another."
ONE_CHARACTER = "A password of one character repeated is easy to guess. Please choose another."
ONLY_SPACES = "A password can't be only spaces. Please choose another."
LIKE_EMAIL = "A password built on your email address is easy to guess. Please choose another."

_hasher = PasswordHasher()
# Verifying against this when an email is unknown keeps login time the same either way.
_UNKNOWN_USER_HASH = _hasher.hash("an unguessable placeholder password")


@cache
def _common_passwords() -> frozenset[str]:
    # The 30,000 most common passwords from leaked lists, as zxcvbn ships them.
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why this password is refused, in plain words, or None when it is fine."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        return TOO_SHORT
    if not password.strip():
        return ONLY_SPACES
    if len(set(password)) == 1:
        return ONE_CHARACTER
    if password.casefold() in _common_passwords():
        return TOO_COMMON
    local_part = (email or "").split("@")[0].casefold()
    if len(local_part) >= 3 and local_part in password.casefold() and 2 * len(local_part) >= len(password):
        return LIKE_EMAIL
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _UNKNOWN_USER_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
