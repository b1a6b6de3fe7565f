"""Building pushes and reading pulls the way a device does. Imports nothing of the app, so the
chaos run's HTTP clients (tests/support/sync_chaos.py) use it too."""

import uuid

from tests.support.factories import episode_body, item_body

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"


def mutation(entity: str, record_id=None, op: str = "upsert", base_version=None, **fields) -> dict:
    return {
        "mutation_id": str(uuid.uuid4()),
        "entity": entity,
        "op": op,
        "id": str(record_id or uuid.uuid4()),
        "base_version": base_version,
        "fields": fields,
    }


def new_episode(record_id=None, **overrides) -> dict:
    fields = episode_body(**overrides)
    fields.pop("id")
    return mutation("episode", record_id, **fields)


def new_item(record_id=None, **overrides) -> dict:
    fields = item_body(**overrides)
    fields.pop("id")
    return mutation("care_plan_item", record_id, **fields)


def push(client, actor, *mutations, client_id: str = "device-a"):
    return client.post(
        PUSH, json={"client_id": client_id, "mutations": list(mutations)}, headers=actor.headers
    )


def push_ok(client, actor, *mutations, client_id: str = "device-a") -> list[dict]:
    response = push(client, actor, *mutations, client_id=client_id)
    assert response.status_code == 200, response.json
    return response.json["results"]


def push_one(client, actor, one: dict, client_id: str = "device-a") -> dict:
    return push_ok(client, actor, one, client_id=client_id)[0]


def pull(client, actor, cursor: int | None = None, limit: int | None = None):
    query = {key: value for key, value in (("cursor", cursor), ("limit", limit)) if value is not None}
    return client.get(PULL, query_string=query, headers=actor.headers)


def pull_to_end(client, actor, cursor: int = 0, limit: int = 500) -> tuple[list[dict], int]:
    changes = []
    while True:
        response = pull(client, actor, cursor, limit)
        assert response.status_code == 200, response.json
        changes.extend(response.json["changes"])
        assert response.json["cursor"] >= cursor
        cursor = response.json["cursor"]
        if not response.json["has_more"]:
            return changes, cursor
