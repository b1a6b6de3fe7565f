"""Episode revision history, written on every episode change however it was made (REST, sync,
clinician tools), so a device's edit can be merged field by field against the version it saw."""

from datetime import UTC, datetime

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..database import utcnow
from ..extensions import db
from .models import Episode, EpisodeRevision

MERGED_FIELDS = (
    "started_at",
    "ended_at",
    "severity",
    "muscle",
    "side",
    "woke_from_sleep",
    "triggers",
    "reliefs",
    "symptoms",
    "notes",
)


# Built once: building the statement for every write cost more than compiling it from the cache.
_INSERT_REVISIONS = EpisodeRevision.__table__.insert()


def comparable(name: str, value):
    """One form per meaning: the same instant in two offsets, or codes in another order, are equal."""
    if name in ("triggers", "symptoms"):
        return sorted(value or [])
    if name == "reliefs":
        return sorted((relief["method"], relief["effect"]) for relief in value or [])
    if name == "notes":
        return value or ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def snapshot(episode: Episode) -> dict:
    values = {name: comparable(name, getattr(episode, name)) for name in MERGED_FIELDS}
    values["reliefs"] = [{"method": method, "effect": effect} for method, effect in values["reliefs"]]
    values["deleted"] = episode.is_deleted
    return values


def _version_changed(episode: Episode) -> bool:
    return inspect(episode).attrs.version.history.has_changes()


def keep_revisions() -> None:
    """Write a revision on every episode change, whatever door it came by. Registered by
    `create_app`: without it a sync merge could not tell whose fields changed."""
    if not event.contains(Session, "after_flush", _write_revisions):
        event.listen(Session, "after_flush", _write_revisions)


def _write_revisions(session: Session, flush_context) -> None:
    # Taken when the new version number is flushed, which `record_change` does after the fields
    # are set; an autoflush before that (the counter update) still carries the old version.
    # After the flush the episodes exist for the foreign key, and the session still lists what
    # it just wrote, with the attribute history.
    rows = [
        revision_row(instance)
        for instance in list(session.new) + list(session.dirty)
        if isinstance(instance, Episode) and _version_changed(instance)
    ]
    if rows:
        session.connection().execute(_INSERT_REVISIONS, rows)


def revision_row(episode: Episode) -> dict:
    return {
        "episode_id": episode.id,
        "version": episode.version,
        "source": "write",
        "snapshot": snapshot(episode),
        "created_at": utcnow(),
    }


def write_first_revision(episode: Episode) -> None:
    """The revision of an episode written without the ORM's flush (`records.insert_once`), which
    the listener above never sees: the same row it would have written."""
    db.session.connection().execute(_INSERT_REVISIONS, revision_row(episode))


def fields_changed_since(episode: Episode, base_version: int, own_versions: set[int]) -> set[str]:
    """Fields someone else changed between `base_version` and now; versions this device wrote
    itself don't count. Where history is missing every field counts as changed, so nothing the
    server holds is overwritten on a guess (the device's values are kept as a lost revision)."""
    if base_version >= episode.version:
        return set()
    rows = db.session.execute(
        db.select(EpisodeRevision.version, EpisodeRevision.snapshot)
        .where(
            EpisodeRevision.episode_id == episode.id,
            EpisodeRevision.source == "write",
            EpisodeRevision.version.between(base_version, episode.version),
        )
        .order_by(EpisodeRevision.version, EpisodeRevision.id)
    ).all()
    snapshots = {version: values for version, values in rows}
    if not snapshots:
        # An episode from before revisions were kept: the device's edit is the newest word.
        return set()
    changed: set[str] = set()
    previous = snapshots.get(base_version)
    for version in range(base_version + 1, episode.version + 1):
        current = snapshots.get(version)
        if version not in own_versions:
            if previous is None or current is None:
                return set(MERGED_FIELDS)
            changed.update(name for name in MERGED_FIELDS if previous.get(name) != current.get(name))
        previous = current
    return changed
