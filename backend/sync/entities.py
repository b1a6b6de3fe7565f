"""The kinds of record that sync carries and how each travels: {entity, id, version, deleted, data}."""

from functools import cache

from ..auth.models import User
from ..auth.schemas import UserSchema
from ..careplan.models import CarePlanCheck, CarePlanItem
from ..careplan.schemas import CarePlanItemSchema, CheckSchema
from ..episodes.models import Episode
from ..episodes.schemas import EpisodeSchema

MODELS = {
    "episode": Episode,
    "care_plan_item": CarePlanItem,
    "check": CarePlanCheck,
    "profile": User,
}
ENTITIES = tuple(MODELS)


@cache
def _output_schemas() -> dict:
    # The REST output schemas, so a record reads the same whichever way it reached the device.
    return {
        "episode": EpisodeSchema(many=True),
        "care_plan_item": CarePlanItemSchema(many=True),
        "check": CheckSchema(many=True),
        "profile": UserSchema(many=True),
    }


def is_deleted(record) -> bool:
    return getattr(record, "deleted_at", None) is not None


def as_changes(entity: str, records: list) -> list[dict]:
    live = [record for record in records if not is_deleted(record)]
    data = iter(_output_schemas()[entity].dump(live))
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
