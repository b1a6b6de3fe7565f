"""Episode rules that the REST views and sync share: derived fields and child rows."""

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app
from marshmallow import ValidationError
from sqlalchemy import JSON, String, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY

from ..database import UTCDateTime, connection_for_one_statement, utcnow
from ..extensions import db
from .models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger
from .revisions import revision_row, write_first_revision

SCALAR_FIELDS = ("started_at", "ended_at", "severity", "muscle", "side", "woke_from_sleep", "notes")
LONGEST_EPISODE = timedelta(hours=24)
# How far ahead of the server's clock a start may be. A phone that logged offline may have a
# clock that is hours out, and what it kept must not be lost: sync takes up to a day. A start
# typed in through REST is checked against a clock that is right: more than 15 minutes ahead is a
# mistake. Either way, a cramp ahead of now counts in no warning sign or insight until its time.
DEVICE_CLOCK_SLACK = timedelta(days=1)
TYPED_CLOCK_SLACK = timedelta(minutes=15)
# No diary reaches back this far; it also keeps time-zone arithmetic clear of year 1.
EARLIEST_START = datetime(1900, 1, 1, tzinfo=UTC)


def night_of(started_at: datetime, time_zone: str) -> date:
    """The local date of the evening on which this cramp's night began."""
    local = started_at.astimezone(ZoneInfo(time_zone))
    if local.hour < current_app.config["NIGHT_ENDS_AT_HOUR"]:
        return local.date() - timedelta(days=1)
    return local.date()


def _replace_codes(rows: list, row_type, column: str, codes: list[str]) -> None:
    wanted = set(codes)
    for row in [row for row in rows if getattr(row, column) not in wanted]:
        rows.remove(row)
    present = {getattr(row, column) for row in rows}
    rows.extend(row_type(**{column: code}) for code in sorted(wanted - present))


def _replace_reliefs(rows: list[EpisodeRelief], reliefs: list[dict]) -> None:
    effects = {relief["method"]: relief["effect"] for relief in reliefs}
    for row in list(rows):
        if row.method in effects:
            row.effect = effects.pop(row.method)
        else:
            rows.remove(row)
    rows.extend(EpisodeRelief(method=method, effect=effect) for method, effect in effects.items())


def _check_times(episode: Episode, clock_slack: timedelta, start_is_new: bool) -> None:
    if episode.started_at < EARLIEST_START:
        raise ValidationError({"started_at": ["Too far in the past."]})
    # Only a start being written now: an edit of the notes never fails for a start a phone sent.
    if start_is_new and episode.started_at > utcnow() + clock_slack:
        raise ValidationError({"started_at": ["Cannot be in the future. Check the date and time."]})
    if episode.ended_at is None:
        return
    if episode.ended_at < episode.started_at:
        raise ValidationError({"ended_at": ["Must not be before started_at."]})
    if episode.ended_at - episode.started_at > LONGEST_EPISODE:
        raise ValidationError({"ended_at": ["A cramp cannot last more than 24 hours."]})


def apply_episode_fields(
    episode: Episode, fields: dict, time_zone: str, clock_slack: timedelta = TYPED_CLOCK_SLACK
) -> None:
    """Write validated fields onto an episode and derive duration and night.

    Raises ValidationError when the result is inconsistent (it may be, after a partial edit).
    `clock_slack` is how far ahead of now a start may be: DEVICE_CLOCK_SLACK for sync.
    """
    for name in SCALAR_FIELDS:
        if name in fields:
            setattr(episode, name, fields[name])
    if episode.notes is None:
        episode.notes = ""
    if "triggers" in fields:
        _replace_codes(episode.trigger_rows, EpisodeTrigger, "trigger", fields["triggers"])
    if "symptoms" in fields:
        _replace_codes(episode.symptom_rows, EpisodeSymptom, "symptom", fields["symptoms"])
    if "reliefs" in fields:
        _replace_reliefs(episode.relief_rows, fields["reliefs"])
    _check_times(episode, clock_slack, start_is_new="started_at" in fields)
    if "started_at" in fields:
        episode.night_of = night_of(episode.started_at, time_zone)
    episode.duration_seconds = (
        int((episode.ended_at - episode.started_at).total_seconds()) if episode.ended_at else None
    )


def write_new_episode_rows(episode: Episode) -> None:
    """What goes with an episode that `records.insert_once` just inserted: its codes (often
    none) and its first revision."""
    connection = db.session.connection()
    for rows, model in (
        (episode.trigger_rows, EpisodeTrigger),
        (episode.symptom_rows, EpisodeSymptom),
        (episode.relief_rows, EpisodeRelief),
    ):
        if rows:
            for row in rows:
                row.episode_id = episode.id
            columns = [column.key for column in model.__table__.columns]
            connection.execute(
                model.__table__.insert(), [{name: getattr(row, name) for name in columns} for row in rows]
            )
    write_first_revision(episode)


@cache
def _create_in_one_statement():
    """PostgreSQL: an episode create as one statement. It takes the patient's next change number
    (unless the id is taken or was purged), inserts the episode with it (ON CONFLICT DO NOTHING:
    a racing twin's row wins), its codes and its first revision, and returns the change number,
    or nothing when the id was taken. The counter row stays locked until the statement commits,
    as with any write."""
    table = Episode.__table__
    dialect = postgresql.dialect()
    columns = [column for column in table.columns if column.name != "change_seq"]
    names = ", ".join(dialect.identifier_preparer.quote(column.name) for column in columns)
    values = ", ".join(
        f"CAST(:{column.name} AS {column.type.compile(dialect=dialect)})" for column in columns
    )
    sql = f"""
WITH counter AS (
    UPDATE change_counters SET last_change_seq = last_change_seq + 1
    WHERE patient_id = :patient_id
      AND NOT EXISTS (SELECT 1 FROM episodes WHERE id = :id)
      AND NOT EXISTS (SELECT 1 FROM purged_records WHERE id = :id)
    RETURNING last_change_seq
), new_episode AS (
    INSERT INTO episodes ({names}, change_seq)
    SELECT {values}, counter.last_change_seq FROM counter
    ON CONFLICT (id) DO NOTHING
    RETURNING id, change_seq
), new_triggers AS (
    INSERT INTO episode_triggers (episode_id, "trigger")
    SELECT new_episode.id, code FROM new_episode, unnest(CAST(:triggers AS VARCHAR[])) AS code
), new_symptoms AS (
    INSERT INTO episode_symptoms (episode_id, symptom)
    SELECT new_episode.id, code FROM new_episode, unnest(CAST(:symptoms AS VARCHAR[])) AS code
), new_reliefs AS (
    INSERT INTO episode_reliefs (episode_id, method, effect)
    SELECT new_episode.id, relief.method, relief.effect FROM new_episode,
        unnest(CAST(:relief_methods AS VARCHAR[]), CAST(:relief_effects AS VARCHAR[]))
            AS relief(method, effect)
), new_revision AS (
    INSERT INTO episode_revisions (episode_id, version, source, snapshot, created_at)
    SELECT new_episode.id, :version, 'write', CAST(:snapshot AS JSON), :revision_created_at FROM new_episode
)
SELECT change_seq FROM new_episode
"""
    return text(sql).bindparams(
        *[bindparam(column.name, type_=column.type) for column in columns],
        bindparam("snapshot", type_=JSON()),
        bindparam("revision_created_at", type_=UTCDateTime()),
        *[bindparam(name, type_=ARRAY(String)) for name in CODE_LISTS],
    )


CODE_LISTS = ("triggers", "symptoms", "relief_methods", "relief_effects")


def insert_new_episode_in_one_statement(episode: Episode) -> bool | None:
    """For `records.insert_once`: on PostgreSQL the whole create in one statement, in autocommit
    when nothing else is pending (no BEGIN and COMMIT: two round trips fewer). True: created;
    False: the id is taken; None on SQLite (which can't write in a WITH), where the separate
    statements run in the one transaction that holds the write lock."""
    if db.engine.dialect.name != "postgresql":
        return None
    now = utcnow()
    episode.version, episode.created_at, episode.updated_at = 1, now, now
    revision = revision_row(episode)
    reliefs = episode.reliefs
    parameters = {
        **{column.name: getattr(episode, column.key) for column in Episode.__table__.columns},
        "snapshot": revision["snapshot"],
        "revision_created_at": revision["created_at"],
        "triggers": episode.triggers,
        "symptoms": episode.symptoms,
        "relief_methods": [relief["method"] for relief in reliefs],
        "relief_effects": [relief["effect"] for relief in reliefs],
    }
    row = connection_for_one_statement().execute(_create_in_one_statement(), parameters).first()
    if row is None:
        return False
    episode.change_seq = row.change_seq
    return True
