"""The diary and the plan's check-offs as CSV, for spreadsheets.

UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the local code page), a header row,
CRLF line ends and quoting where a cell needs it, as RFC 4180 has it. A cell that starts like a
formula (= + - @, a tab or a carriage return) gets a leading apostrophe: a spreadsheet would
otherwise run what a note says (OWASP, "CSV injection").
"""

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ..auth.models import User
from ..careplan.models import CarePlanCheck, CarePlanItem
from ..episodes.models import Episode
from ..extensions import db

BYTE_ORDER_MARK = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"

EPISODE_COLUMNS = (
    "id",
    "night_of",
    "started_at_local",
    "ended_at_local",
    "time_zone",
    "started_at_utc",
    "ended_at_utc",
    "duration_seconds",
    "severity",
    "muscle",
    "side",
    "woke_from_sleep",
    "triggers",
    "symptoms",
    "reliefs",
    "notes",
)
CHECK_COLUMNS = ("id", "date", "item_id", "item_title", "done", "note")


def safe_cell(value) -> str:
    """The text a cell shows, never something a spreadsheet would evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(columns: tuple, rows: Iterable[tuple]) -> str:
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _local(instant: datetime | None, zone: ZoneInfo) -> str | None:
    # Without an offset, so spreadsheets read it as a date and time; the zone has its own column.
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S") if instant else None


def _utc(instant: datetime | None) -> str | None:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if instant else None


def live_episodes(patient: User) -> list[Episode]:
    query = (
        db.select(Episode)
        .where(Episode.patient_id == patient.id, Episode.deleted_at.is_(None))
        .order_by(Episode.started_at, Episode.id)
    )
    return db.session.scalars(query).all()


def episodes_csv(patient: User) -> str:
    zone = ZoneInfo(patient.timezone)
    rows = (
        (
            episode.id,
            episode.night_of.isoformat(),
            _local(episode.started_at, zone),
            _local(episode.ended_at, zone),
            patient.timezone,
            _utc(episode.started_at),
            _utc(episode.ended_at),
            episode.duration_seconds,
            episode.severity,
            episode.muscle,
            episode.side,
            episode.woke_from_sleep,
            LIST_SEPARATOR.join(episode.triggers),
            LIST_SEPARATOR.join(episode.symptoms),
            LIST_SEPARATOR.join(f"{r['method']}:{r['effect']}" for r in episode.reliefs),
            episode.notes,
        )
        for episode in live_episodes(patient)
    )
    return to_csv(EPISODE_COLUMNS, rows)


def checks_csv(patient: User) -> str:
    query = (
        db.select(CarePlanCheck, CarePlanItem.title)
        .join(CarePlanItem, CarePlanItem.id == CarePlanCheck.item_id)
        .where(
            CarePlanCheck.patient_id == patient.id,
            CarePlanCheck.deleted_at.is_(None),
            CarePlanItem.deleted_at.is_(None),
        )
        .order_by(CarePlanCheck.date, CarePlanItem.created_at, CarePlanCheck.id)
    )
    rows = (
        (
            check.id,
            check.date.isoformat(),
            check.item_id,
            title,
            "done" if check.done else "skipped",
            check.note,
        )
        for check, title in db.session.execute(query)
    )
    return to_csv(CHECK_COLUMNS, rows)
