"""Pushed episode changes: create, field-by-field merge against the device's base, delete."""

from datetime import UTC, datetime

from ..changes import record_change, record_deletion
from ..episodes.models import Episode, EpisodeRevision
from ..episodes.revisions import comparable, fields_changed_since
from ..episodes.schemas import EpisodeFieldsSchema
from ..episodes.service import DEVICE_CLOCK_SLACK, apply_episode_fields
from ..extensions import db
from .log import versions_by_device
from .mutations import Mutation, Outcome, PushContext, own_record, upsert_record

NEW_EPISODE_FIELDS = EpisodeFieldsSchema()
CHANGED_EPISODE_FIELDS = EpisodeFieldsSchema(partial=True)


def upsert_episode(context: PushContext, mutation: Mutation) -> Outcome:
    # A delete beats an edit: the device gets the tombstone and drops its copy.
    return upsert_record(context, mutation, Episode, create=create_episode, change=change_episode)


def change_episode(context: PushContext, mutation: Mutation, episode: Episode) -> Outcome:
    return merge_episode(context, mutation, episode, _load_fields(mutation, partial=True))


def delete_episode(context: PushContext, mutation: Mutation) -> Outcome:
    episode = own_record(Episode, context, mutation.record_id)
    if episode is None:
        return Outcome("applied")
    if episode.is_deleted:
        return Outcome("applied", episode)
    record_deletion(episode)
    return Outcome("applied", episode, wrote=True)


def create_episode(context: PushContext, mutation: Mutation) -> Outcome:
    fields = _load_fields(mutation, partial=False)
    # Empty lists, not unloaded ones: reading them back after the insert then costs no query.
    episode = Episode(
        id=mutation.record_id, patient_id=context.patient_id, trigger_rows=[], relief_rows=[], symptom_rows=[]
    )
    apply_episode_fields(episode, fields, context.timezone, DEVICE_CLOCK_SLACK)
    with db.session.no_autoflush:
        # The counter's update needn't write the batch's earlier changes first: a batch's new
        # records are then inserted together.
        record_change(episode)
    db.session.add(episode)
    return Outcome("applied", episode, wrote=True)


def _load_fields(mutation: Mutation, partial: bool) -> dict:
    fields = (CHANGED_EPISODE_FIELDS if partial else NEW_EPISODE_FIELDS).load(mutation.fields)
    # Stored and answered in UTC, so the answer to a push reads exactly like a later pull.
    return {
        name: value.astimezone(UTC) if isinstance(value, datetime) else value
        for name, value in fields.items()
    }


def merge_episode(context: PushContext, mutation: Mutation, episode: Episode, fields: dict) -> Outcome:
    """Fields only the device changed are taken; a field that someone else also changed since the
    device's base keeps the server's value, and the device's value is kept as a lost revision."""
    base = mutation.effective_base_version
    theirs = fields_changed_since(episode, base, versions_by_device(context, "episode", episode.id, base))
    taken, lost = {}, {}
    for name, value in fields.items():
        if comparable(name, value) == comparable(name, getattr(episode, name)):
            continue
        (lost if name in theirs else taken)[name] = value
    if taken:
        apply_episode_fields(episode, taken, context.timezone, DEVICE_CLOCK_SLACK)
        record_change(episode)
    lost_values = CHANGED_EPISODE_FIELDS.dump(lost) if lost else {}
    if lost:
        db.session.add(
            EpisodeRevision(
                episode_id=episode.id,
                version=episode.version,
                source="lost_conflict",
                snapshot=lost_values,
                client_id=context.client_id,
                mutation_id=mutation.mutation_id,
            )
        )
    status = "conflict" if lost else "merged" if theirs else "applied"
    return Outcome(status, episode, wrote=bool(taken), lost=lost_values)
