"""The diary list as rows, not objects: one query reads a page of episodes with their codes and
the diary's total, written straight into the wire form.

A page of 50 loaded as ORM objects spent most of its time setting up 150 child collections and
dumping them through marshmallow; this reads the same columns and builds the same JSON
(`EpisodeSchema`'s, which a test compares with this one on a rich diary). Each episode's codes
come aggregated into one string per kind by a correlated subquery (`group_concat` on SQLite,
`string_agg` on PostgreSQL), and the total as `count(*) OVER ()` beside the page's ids, so the
page costs one round trip and no separate count.
"""

import uuid
from functools import cache

from sqlalchemy import Integer, bindparam, func, literal_column, select

from ..changes import ChangeCounter
from ..conditional import read_last_change_with_the_answer
from ..database import connection_for_one_statement
from ..pagination import LARGEST_OFFSET
from .models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger

# Codes are vocabulary words (letters and underscores), so these never occur inside one.
SEPARATOR = ","
PAIR = ":"


def _aggregated(value, episode_id):
    return (
        select(func.aggregate_strings(value, SEPARATOR))
        .where(episode_id == Episode.id)
        .correlate(Episode)
        .scalar_subquery()
    )


DIARY_ORDER = (Episode.started_at.desc(), Episode.id)
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
    _aggregated(EpisodeTrigger.trigger, EpisodeTrigger.episode_id).label("triggers"),
    _aggregated(EpisodeSymptom.symptom, EpisodeSymptom.episode_id).label("symptoms"),
    _aggregated(EpisodeRelief.method + PAIR + EpisodeRelief.effect, EpisodeRelief.episode_id).label(
        "reliefs"
    ),
)


@cache
def _page_statement(first_night: bool, last_night: bool, total_in_page: bool):
    """The page's ids in an inner query, so codes are aggregated for the page's rows only, and
    with `total_in_page` the diary's total beside them (a window function over the outer query
    would aggregate every row); else the total comes from the count statement. Built once per
    filter combination, with parameters: building it per request cost more than running it."""
    conditions = [Episode.patient_id == bindparam("patient_id"), Episode.deleted_at.is_(None)]
    if first_night:
        conditions.append(Episode.night_of >= bindparam("first_night"))
    if last_night:
        conditions.append(Episode.night_of <= bindparam("last_night"))
    total = func.count().over() if total_in_page else literal_column("NULL")
    page = (
        select(Episode.id.label("page_id"), total.label("total"))
        .where(*conditions)
        .order_by(*DIARY_ORDER)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
        .subquery()
    )
    # The patient's last change number, read with the page: the list's ETag, in the same snapshot.
    last_change = (
        select(ChangeCounter.last_change_seq)
        .where(ChangeCounter.patient_id == bindparam("patient_id"))
        .scalar_subquery()
    )
    statement = select(*COLUMNS, page.c.total, last_change.label("last_change")).join_from(
        Episode, page, page.c.page_id == Episode.id
    )
    count = select(func.count(), last_change).select_from(Episode).where(*conditions)
    return statement.order_by(*DIARY_ORDER), count


def _sorted_codes(joined: str | None) -> list[str]:
    return sorted(joined.split(SEPARATOR)) if joined else []


def _reliefs(joined: str | None) -> list[dict]:
    pairs = sorted(pair.split(PAIR, 1) for pair in joined.split(SEPARATOR)) if joined else []
    return [{"method": method, "effect": effect} for method, effect in pairs]


def _wire(row) -> dict:
    # Unpacked in COLUMNS' order (then the total): faster than reading the row by name.
    (
        episode_id,
        started_at,
        ended_at,
        duration_seconds,
        night_of,
        severity,
        muscle,
        side,
        woke_from_sleep,
        notes,
        version,
        created_at,
        updated_at,
        triggers,
        symptoms,
        reliefs,
        _total,
        _last_change,
    ) = row
    return {
        "id": str(episode_id),
        "started_at": started_at.isoformat(),
        "ended_at": None if ended_at is None else ended_at.isoformat(),
        "duration_seconds": duration_seconds,
        "night_of": night_of.isoformat(),
        "severity": severity,
        "muscle": muscle,
        "side": side,
        "woke_from_sleep": woke_from_sleep,
        "notes": notes,
        "version": version,
        "created_at": created_at.isoformat(),
        "updated_at": updated_at.isoformat(),
        # Sorted as Episode's own properties sort them, so both paths read the same.
        "triggers": _sorted_codes(triggers),
        "symptoms": _sorted_codes(symptoms),
        "reliefs": _reliefs(reliefs),
    }


def wire_of(episode: Episode) -> dict:
    """One episode object in the same wire form (a new episode's answer, without marshmallow)."""
    values = [getattr(episode, column.key) for column in COLUMNS[:13]]
    joined = [
        SEPARATOR.join(episode.triggers),
        SEPARATOR.join(episode.symptoms),
        SEPARATOR.join(f"{relief['method']}{PAIR}{relief['effect']}" for relief in episode.reliefs),
    ]
    return _wire((*values, *joined, None, None))


def as_wire(rows) -> list[dict]:
    return [_wire(row) for row in rows]


def diary_page(patient_id: uuid.UUID, first_night, last_night, offset: int, limit: int) -> tuple[list, int]:
    """A page of the patient's diary (as `diary_query` orders and filters it) as plain rows, and
    the diary's total, with the patient's last change number for the ETag (`conditional`).

    On PostgreSQL the total comes in the page's statement unless the page is empty: one round
    trip, in autocommit (no BEGIN and ROLLBACK around it). On SQLite, where a statement costs no
    round trip, a count in the same read transaction (the same snapshot) is cheaper than the
    window function, which makes SQLite sort every row of the diary."""
    # One statement on PostgreSQL (two for an empty page): no BEGIN and ROLLBACK around it.
    connection = connection_for_one_statement()
    total_in_page = connection.dialect.name == "postgresql"
    page, count = _page_statement(first_night is not None, last_night is not None, total_in_page)
    parameters = {"patient_id": patient_id, "first_night": first_night, "last_night": last_night}
    if offset < LARGEST_OFFSET:
        rows = connection.execute(page, {**parameters, "offset": offset, "limit": limit}).all()
        if rows and total_in_page:
            read_last_change_with_the_answer(rows[0].last_change or 0)
            return rows, rows[0].total
        if rows:
            total, last_change = connection.execute(count, parameters).one()
            read_last_change_with_the_answer(last_change or 0)
            return rows, total
    # An empty diary, or a page past its end (or so far past that OFFSET could overflow): no row
    # holds the total.
    total, last_change = connection.execute(count, parameters).one()
    read_last_change_with_the_answer(last_change or 0)
    return [], total
