"""How each synced record travels: {entity, id, version, deleted, data}. The kinds of record are
the registry's in `changes`."""

from functools import cache

from ..changes import synced_type, synced_types

ENTITIES = tuple(kind.entity for kind in synced_types())


def model_of(entity) -> type | None:
    kind = synced_type(entity) if isinstance(entity, str) else None
    return kind.model if kind else None


@cache
def _output_schema(entity: str):
    return synced_type(entity).schema(many=True)


def is_deleted(record) -> bool:
    return getattr(record, "deleted_at", None) is not None


def as_changes(entity: str, records: list) -> list[dict]:
    live = [record for record in records if not is_deleted(record)]
    wire = synced_type(entity).wire
    data = iter([wire(record) for record in live] if wire else _output_schema(entity).dump(live))
    return [
        {
            "entity": entity,
            "id": str(record.id),
            "version": record.version,
            "deleted": is_deleted(record),
            # A tombstone only says "remove it": the device has nothing to show from it.
            "data": None if is_deleted(record) else next(data),
        }
        for record in records
    ]


def as_change(entity: str, record) -> dict:
    return as_changes(entity, [record])[0]


def gone(entity: str, record_id, version: int) -> dict:
    """A record that was deleted and whose tombstone has since been purged."""
    return {"entity": entity, "id": str(record_id), "version": version, "deleted": True, "data": None}
