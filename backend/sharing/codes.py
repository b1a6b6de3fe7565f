"""Invite codes a person can read out over the phone.

Ten symbols from an alphabet without look-alikes (no 0/O, 1/I/L, U/V) give 29^10, about
4 x 10^14 (48 bits) codes. Redemption is rate limited per clinician and per address, so guessing
a live code takes far longer than any code lives; a fast unsalted hash is then enough to make
the stored form useless to someone who reads the database.
"""

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
GROUPS = (4, 4, 2)


def new_code() -> str:
    """A fresh code such as KX7M-Q2PD-9R."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(size)) for size in GROUPS)


def normalised(code: str) -> str:
    """What the person meant: case, spaces and dashes don't matter."""
    return "".join(code.split()).replace("-", "").upper()


def code_hash(code: str) -> str:
    return hashlib.sha256(normalised(code).encode()).hexdigest()
