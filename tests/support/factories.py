"""Request bodies with sensible defaults, so each test states only what it is about."""

import uuid

# A past day, so no test depends on today's date or on "how far ahead may I tick".
CHECK_DAY = "2026-01-15"


def episode_body(**overrides) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "started_at": "2026-11-05T03:00:00+00:00",
        "ended_at": "2026-11-05T03:02:30+00:00",
        "severity": 6,
        "muscle": "calf",
        "side": "left",
        "woke_from_sleep": True,
    }
    body.update(overrides)
    return body


def item_body(**overrides) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "category": "stretching",
        "title": "Stretch calves before bed",
        "instructions": "Three minutes, both legs.",
        "schedule": "bedtime",
    }
    body.update(overrides)
    return body
