"""The diary list, written as JSON by the database: one statement reads a page of episodes, each
already in its wire form, with the diary's total and the patient's last change number.

A page of 50 loaded as ORM objects spent most of its time setting up 150 child collections and
dumping them through marshmallow; read as rows, it still spent most of its time turning each
column into a Python value (a UUID, an aware datetime) and back into text, then encoding the
page. Here SQLite's `json_object` or PostgreSQL's `json_build_object` writes each episode as
`EpisodeSchema` would (a test compares the two, to the letter, on a rich diary, on both
databases), and the view joins the page's texts. Each episode's codes come as sorted JSON lists
from correlated subqueries, computed for the page's rows only.

Both the patient's own diary and a clinician's view of a shared one read it here.
"""

import uuid
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    Integer,
    String,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    select,
    text,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from ..changes import ChangeCounter
from ..database import connection_for_one_statement
from ..pagination import LARGEST_OFFSET
from .models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger

# Newest first; read backwards off the index ix_episodes_diary, so a page costs its own rows only.
DIARY_ORDER = (Episode.started_at.desc(), Episode.id.desc())


def _text(expression):
    return type_coerce(expression, String)


def _sql(constant: str | int):
    """A constant written into the statement, not bound: each bound value costs on every call."""
    if isinstance(constant, int):
        return literal_column(str(constant), Integer)
    assert "'" not in constant
    return literal_column(f"'{constant}'", String)


def _iso_utc(column, dialect: str):
    """A UTC timestamp as Python's `isoformat()` writes it: "2026-11-01T03:00:00+00:00", with
    six digits of microseconds only when there are any."""
    if dialect == "sqlite":
        # Stored as "2026-11-01 03:00:00.000000" (SQLAlchemy's format for SQLite).
        whole_seconds = func.replace(column, _sql(".000000"), _sql(""))
        return _text(func.replace(whole_seconds, _sql(" "), _sql("T"))) + _sql("+00:00")
    # Six digits, then none when they are all zero: half the cost of choosing the format first.
    written = func.to_char(func.timezone(_sql("UTC"), column), _sql('YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'))
    return func.replace(written, _sql(".000000+"), _sql("+"))


def _iso_date(column, dialect: str):
    return column if dialect == "sqlite" else func.to_char(column, _sql("YYYY-MM-DD"))


def _uuid_text(column, dialect: str):
    if dialect == "sqlite":
        # Stored as 32 hex digits; the wire has the dashed form.
        parts = [
            func.substr(column, _sql(start), _sql(length))
            for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        ]
        dashed = _text(parts[0])
        for part in parts[1:]:
            dashed = dashed + _sql("-") + _text(part)
        return dashed
    return cast(column, Text)


def _boolean(column, dialect: str):
    if dialect == "sqlite":
        # SQLite keeps 0 and 1; json() makes them JSON's true and false (and keeps NULL null).
        return func.json(case((column == _sql(1), _sql("true")), (column == _sql(0), _sql("false"))))
    return column


def _object(dialect: str, *pairs):
    build = func.json_object if dialect == "sqlite" else func.json_build_object
    return build(*[part for key, value in pairs for part in (_sql(key), value)])


def _sorted_list(value, order, child_episode_id, dialect: str, of_objects: bool = False):
    """The episode's child values (JSON objects, with `of_objects`) as a JSON list, in `order`;
    [] when there are none."""
    if dialect == "sqlite":
        # SQLite before 3.44 takes no ORDER BY inside an aggregate; it aggregates the rows of an
        # ordered subquery in their order.
        ordered = (
            select(value.label("value"))
            .where(child_episode_id == Episode.id)
            .correlate(Episode)
            .order_by(order)
            .subquery()
        )
        listed = ordered.c.value
        if of_objects:
            # An object leaves the subquery as text: json() makes it an object again.
            listed = func.json(listed)
        return select(func.json_group_array(listed)).scalar_subquery()
    # Code point order, as Python sorts them: the database's own collation may skip underscores.
    in_code_point_order = aggregate_order_by(value, order.collate("C"))
    listed = func.coalesce(func.json_agg(in_code_point_order), text("'[]'::json"))
    return select(listed).where(child_episode_id == Episode.id).scalar_subquery()


def _wire(dialect: str):
    """An episode in EpisodeSchema's form, as a JSON text."""
    relief = _object(dialect, ("method", EpisodeRelief.method), ("effect", EpisodeRelief.effect))
    episode = _object(
        dialect,
        ("id", _uuid_text(Episode.id, dialect)),
        ("started_at", _iso_utc(Episode.started_at, dialect)),
        ("ended_at", _iso_utc(Episode.ended_at, dialect)),
        ("duration_seconds", Episode.duration_seconds),
        ("night_of", _iso_date(Episode.night_of, dialect)),
        ("severity", Episode.severity),
        ("muscle", Episode.muscle),
        ("side", Episode.side),
        ("woke_from_sleep", _boolean(Episode.woke_from_sleep, dialect)),
        ("notes", Episode.notes),
        ("version", Episode.version),
        ("created_at", _iso_utc(Episode.created_at, dialect)),
        ("updated_at", _iso_utc(Episode.updated_at, dialect)),
        (
            "triggers",
            _sorted_list(EpisodeTrigger.trigger, EpisodeTrigger.trigger, EpisodeTrigger.episode_id, dialect),
        ),
        (
            "symptoms",
            _sorted_list(EpisodeSymptom.symptom, EpisodeSymptom.symptom, EpisodeSymptom.episode_id, dialect),
        ),
        (
            "reliefs",
            _sorted_list(relief, EpisodeRelief.method, EpisodeRelief.episode_id, dialect, of_objects=True),
        ),
    )
    # As text: PostgreSQL's driver would otherwise parse each object into Python values.
    return cast(episode, Text)


@cache
def _statements(dialect: str, first_night: bool, last_night: bool):
    """The page's statement and, for a page with no rows to carry them, the total and last change
    alone. Built once per database and filter combination, with parameters: building it per
    request cost more than running it."""
    conditions = [Episode.patient_id == bindparam("patient_id"), Episode.deleted_at.is_(None)]
    if first_night:
        conditions.append(Episode.night_of >= bindparam("first_night"))
    if last_night:
        conditions.append(Episode.night_of <= bindparam("last_night"))
    # The page's ids first, so the JSON is written for the page's rows only.
    page_ids = (
        select(Episode.id.label("page_id"))
        .where(*conditions)
        .order_by(*DIARY_ORDER)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
        .subquery()
    )
    # Each evaluated once per statement, not per row (neither refers to the row).
    total = select(func.count()).select_from(Episode).where(*conditions).correlate(None).scalar_subquery()
    # The patient's last change number, read with the page: the list's ETag, in the same snapshot.
    last_change = (
        select(ChangeCounter.last_change_seq)
        .where(ChangeCounter.patient_id == bindparam("patient_id"))
        .scalar_subquery()
    )
    page = (
        select(_wire(dialect).label("wire"), total.label("total"), last_change.label("last_change"))
        .join_from(Episode, page_ids, page_ids.c.page_id == Episode.id)
        .order_by(*DIARY_ORDER)
    )
    return page, select(total.label("total"), last_change.label("last_change"))


@dataclass(frozen=True)
class DiaryPage:
    body: str  # the page's episodes as a JSON list, newest first
    total: int  # episodes in the diary (with the filters), all pages
    last_change: int  # the patient's last change number when the page was read


def diary_page(patient_id: uuid.UUID, first_night, last_night, offset: int, limit: int) -> DiaryPage:
    """A page of the patient's diary, newest first, `first_night` to `last_night` (each may be
    None), in one statement: on PostgreSQL in autocommit when no transaction is open."""
    connection = connection_for_one_statement()
    page, alone = _statements(connection.dialect.name, first_night is not None, last_night is not None)
    parameters = {"patient_id": patient_id, "first_night": first_night, "last_night": last_night}
    if offset < LARGEST_OFFSET:
        rows = connection.execute(page, {**parameters, "offset": offset, "limit": limit}).all()
        if rows:
            return DiaryPage(
                "[" + ",".join(row.wire for row in rows) + "]", rows[0].total, rows[0].last_change or 0
            )
    # An empty diary, or a page past its end: no row holds the total.
    total, last_change = connection.execute(alone, parameters).one()
    return DiaryPage("[]", total, last_change or 0)


def wire_of(episode: Episode) -> dict:
    """An episode object in the same wire form, for a new episode's answer without marshmallow."""
    return {
        "id": str(episode.id),
        "started_at": episode.started_at.isoformat(),
        "ended_at": None if episode.ended_at is None else episode.ended_at.isoformat(),
        "duration_seconds": episode.duration_seconds,
        "night_of": episode.night_of.isoformat(),
        "severity": episode.severity,
        "muscle": episode.muscle,
        "side": episode.side,
        "woke_from_sleep": episode.woke_from_sleep,
        "notes": episode.notes,
        "version": episode.version,
        "created_at": episode.created_at.isoformat(),
        "updated_at": episode.updated_at.isoformat(),
        "triggers": episode.triggers,
        "symptoms": episode.symptoms,
        "reliefs": episode.reliefs,
    }
