"""The diary list as rows, not objects: one query for a page of episodes and one for all their
codes, written straight into the wire form.

A page of 50 loaded as ORM objects spent most of its time setting up 150 child collections and
dumping them through marshmallow; this reads the same columns and builds the same JSON
(`EpisodeSchema`, whose output a test compares with this one on a rich diary).
"""

import uuid
from collections import defaultdict

from sqlalchemy import literal, null, select, union_all

from ..extensions import db
from .models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger

COLUMNS = (
    Episode.id,
    Episode.started_at,
    Episode.ended_at,
    Episode.duration_seconds,
    Episode.night_of,
    Episode.severity,
    Episode.muscle,
    Episode.side,
    Episode.woke_from_sleep,
    Episode.notes,
    Episode.version,
    Episode.created_at,
    Episode.updated_at,
)


def _iso(value):
    return None if value is None else value.isoformat()


def _codes(episode_ids: list[uuid.UUID]) -> dict:
    """{episode_id: {"triggers": [...], "symptoms": [...], "reliefs": [...]}} in one round trip."""
    children = union_all(
        select(EpisodeTrigger.episode_id, literal("t").label("kind"), EpisodeTrigger.trigger, null()).where(
            EpisodeTrigger.episode_id.in_(episode_ids)
        ),
        select(EpisodeSymptom.episode_id, literal("s"), EpisodeSymptom.symptom, null()).where(
            EpisodeSymptom.episode_id.in_(episode_ids)
        ),
        select(EpisodeRelief.episode_id, literal("r"), EpisodeRelief.method, EpisodeRelief.effect).where(
            EpisodeRelief.episode_id.in_(episode_ids)
        ),
    )
    codes = defaultdict(lambda: {"t": [], "s": [], "r": []})
    for episode_id, kind, code, effect in db.session.execute(children):
        codes[episode_id][kind].append(code if kind != "r" else (code, effect))
    return codes


NO_CODES = {"t": [], "s": [], "r": []}


def _wire(row, codes: dict) -> dict:
    return {
        "id": str(row.id),
        "started_at": _iso(row.started_at),
        "ended_at": _iso(row.ended_at),
        "duration_seconds": row.duration_seconds,
        "night_of": _iso(row.night_of),
        "severity": row.severity,
        "muscle": row.muscle,
        "side": row.side,
        "woke_from_sleep": row.woke_from_sleep,
        "notes": row.notes,
        "version": row.version,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        # Sorted as Episode's own properties sort them, so both paths read the same.
        "triggers": sorted(codes["t"]),
        "symptoms": sorted(codes["s"]),
        "reliefs": [{"method": method, "effect": effect} for method, effect in sorted(codes["r"])],
    }


def as_wire(rows) -> list[dict]:
    codes = _codes([row.id for row in rows]) if rows else {}
    return [_wire(row, codes.get(row.id, NO_CODES)) for row in rows]


def diary_rows(query, offset: int, limit: int) -> list:
    """A page of `diary_query` (episodes in diary order) as plain rows."""
    return db.session.execute(query.with_only_columns(*COLUMNS).offset(offset).limit(limit)).all()
