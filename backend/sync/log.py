"""The mutation log: one row per pushed change, committed with its effect, and the answers
built from it."""

import uuid

from ..database import utcnow
from ..extensions import db
from .entities import as_change, gone, model_of
from .models import SyncMutation
from .mutations import Mutation, Outcome, PushContext

REUSED_MUTATION_ID = "This change can't be accepted. Send it again with a new mutation_id."


def log_outcome(context: PushContext, mutation: Mutation, outcome: Outcome) -> dict:
    change = outcome.change
    if change is None and outcome.record is not None:
        change = as_change(mutation.entity, outcome.record)
    result = {"mutation_id": str(mutation.mutation_id), "status": outcome.status}
    if change is not None:
        result["record"] = change
    _log(
        context,
        mutation_id=mutation.mutation_id,
        entity=mutation.entity,
        # The record the change landed on: a day's check may already exist under another id.
        entity_id=change["id"] if change else str(mutation.record_id),
        op=mutation.op,
        status=outcome.status,
        result={"status": outcome.status, "record": _reference(change)},
        result_version=outcome.record.version if outcome.wrote else None,
        fields=outcome.lost or None,
    )
    return result


def log_rejection(context: PushContext, raw: dict, errors: dict) -> dict:
    change = _server_copy(context, raw)
    _log(
        context,
        mutation_id=raw["mutation_id"],
        entity=_text(raw.get("entity"), 30),
        entity_id=_text(raw.get("id"), 64),
        op=_text(raw.get("op"), 10),
        status="rejected",
        result={"status": "rejected", "record": _reference(change), "errors": errors},
        result_version=None,
        fields=raw.get("fields") if isinstance(raw.get("fields"), dict) else None,
    )
    result = {"mutation_id": str(raw["mutation_id"]), "status": "rejected", "errors": errors}
    if change is not None:
        result["record"] = change
    return result


def _server_copy(context: PushContext, raw: dict) -> dict | None:
    """The patient's own record a rejected change aimed at, so the device can go back to it.

    Nothing for an id that is unknown, malformed or someone else's: a rejection reveals nothing.
    """
    model = model_of(raw.get("entity"))
    try:
        record = db.session.get(model, uuid.UUID(str(raw.get("id")))) if model else None
    except ValueError:
        return None
    owner = getattr(record, "patient_id", getattr(record, "id", None))
    if record is None or owner != context.patient_id:
        return None
    return as_change(raw["entity"], record)


def repeat_result(context: PushContext, logged: SyncMutation) -> dict:
    """The answer to a change seen before: its first status and errors, and the record as it is
    now. A stored copy could be older than what the device pulled since, or bring back a record
    whose tombstone was purged."""
    if logged.patient_id != context.patient_id:
        return {
            "mutation_id": str(logged.mutation_id),
            "status": "rejected",
            "errors": {"mutation_id": [REUSED_MUTATION_ID]},
        }
    result = {"mutation_id": str(logged.mutation_id), "status": "duplicate", "original_status": logged.status}
    if errors := logged.result.get("errors"):
        result["errors"] = errors
    if reference := logged.result.get("record"):
        result["record"] = _current_change(reference)
    return result


def versions_by_device(context: PushContext, entity: str, record_id, after_version: int) -> set[int]:
    """Versions of a record that this device's own earlier changes made."""
    logged = db.session.scalars(
        db.select(SyncMutation.result_version).where(
            SyncMutation.patient_id == context.patient_id,
            SyncMutation.entity == entity,
            SyncMutation.entity_id == str(record_id),
            SyncMutation.client_id == context.client_id,
            SyncMutation.result_version > after_version,
        )
    )
    in_this_batch = context.batch.own_versions(entity, record_id)
    return set(logged) | {version for version in in_this_batch if version > after_version}


def changed_by_others(context: PushContext, mutation: Mutation, record) -> bool:
    """Whether anyone but this device changed the record since the version the change is based on."""
    base = mutation.effective_base_version
    if base >= record.version:
        return False
    own = versions_by_device(context, mutation.entity, record.id, base)
    return any(version not in own for version in range(base + 1, record.version + 1))


def _log(context: PushContext, **values) -> None:
    context.batch.log(
        {"patient_id": context.patient_id, "client_id": context.client_id, "created_at": utcnow(), **values}
    )


def _reference(change: dict | None) -> dict | None:
    if change is None:
        return None
    return {key: change[key] for key in ("entity", "id", "version", "deleted")}


def _current_change(reference: dict) -> dict:
    record = db.session.get(model_of(reference["entity"]), uuid.UUID(reference["id"]))
    if record is None:
        return gone(reference["entity"], reference["id"], reference["version"])
    return as_change(reference["entity"], record)


def _text(value, length: int) -> str:
    return ("" if value is None else str(value))[:length]
