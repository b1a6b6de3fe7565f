"""Episode rules that the REST views and sync share: derived fields and child rows."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from marshmallow import ValidationError

from ..database import utcnow
from ..extensions import db
from .models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger

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


def diary_query(patient_id: uuid.UUID, first_night=None, last_night=None):
    query = db.select(Episode).where(Episode.patient_id == patient_id, Episode.deleted_at.is_(None))
    if first_night:
        query = query.where(Episode.night_of >= first_night)
    if last_night:
        query = query.where(Episode.night_of <= last_night)
    return query.order_by(Episode.started_at.desc(), Episode.id)
