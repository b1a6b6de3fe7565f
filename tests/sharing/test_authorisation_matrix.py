"""Who may call which patient-data endpoint: every endpoint against every kind of caller.

Columns: the patient who owns the data; a clinician they share with, view only; one allowed to
edit the care plan; a clinician with no share; a clinician whose share was revoked (holding a
token issued before the revocation); another patient; no token at all.
"""

import pytest

from tests.support.care_team import add_episode, add_item, stored_share
from tests.support.factories import episode_body, item_body

ACTORS = ("owner", "viewer", "editor", "stranger", "revoked", "other_patient", "anonymous")

# {episode}, {item} and {owner} stand for the owner's episode, plan item and user id.
MATRIX = """
method path                                       owner viewer editor stranger revoked other_patient anonymous
GET    /api/v1/episodes                             200    403    403      403     403           200       401
POST   /api/v1/episodes                             201    403    403      403     403           201       401
GET    /api/v1/episodes/{episode}                   200    403    403      403     403           404       401
PATCH  /api/v1/episodes/{episode}                   200    403    403      403     403           404       401
DELETE /api/v1/episodes/{episode}                   204    403    403      403     403           404       401
GET    /api/v1/care-plan                            200    403    403      403     403           200       401
POST   /api/v1/care-plan/items                      201    403    403      403     403           201       401
GET    /api/v1/care-plan/items/{item}               200    403    403      403     403           404       401
PATCH  /api/v1/care-plan/items/{item}               200    403    403      403     403           404       401
DELETE /api/v1/care-plan/items/{item}               204    403    403      403     403           404       401
GET    /api/v1/me/export                            200    200    200      200     200           200       401
GET    /api/v1/me/access-log                        200    403    403      403     403           200       401
GET    /api/v1/patients                             403    200    200      200     200           403       401
GET    /api/v1/patients/{owner}                     403    200    200      404     404           403       401
GET    /api/v1/patients/{owner}/episodes            403    200    200      404     404           403       401
GET    /api/v1/patients/{owner}/care-plan           403    200    200      404     404           403       401
GET    /api/v1/patients/{owner}/checks              403    200    200      404     404           403       401
GET    /api/v1/patients/{owner}/insights            403    200    200      404     404           403       401
GET    /api/v1/patients/{owner}/warnings            403    200    200      404     404           403       401
POST   /api/v1/patients/{owner}/care-plan/items     403    403    201      404     404           403       401
PATCH  /api/v1/patients/{owner}/care-plan/items/{item} 403 403    200      404     404           403       401
DELETE /api/v1/patients/{owner}/care-plan/items/{item} 403 403    204      404     404           403       401
"""

SECRET_NOTE = "owner-secret-note"
SECRET_TITLE = "Owner secret plan item"


def parse_matrix(table: str) -> list:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert header[2:] == list(ACTORS)
    return [
        pytest.param(method, path, actor, int(status), id=f"{method} {path} as {actor}")
        for method, path, *statuses in rows
        for actor, status in zip(ACTORS, statuses, strict=True)
    ]


def request_body(method: str, path: str) -> dict | None:
    if method == "POST":
        return episode_body() if path.endswith("/episodes") else item_body()
    if method == "PATCH":
        return {"notes": "changed"} if "/episodes/" in path else {"status": "paused"}
    return None


@pytest.fixture
def world(app, client, patient, other_patient, make_actor):
    episode = add_episode(client, patient, notes=SECRET_NOTE)
    item = add_item(client, patient, title=SECRET_TITLE)
    actors = {"owner": patient, "other_patient": other_patient, "anonymous": None}
    for name in ("viewer", "editor", "stranger", "revoked"):
        actors[name] = make_actor("clinician")
    stored_share(app, patient, actors["viewer"], "view")
    stored_share(app, patient, actors["editor"], "edit_plan")
    stored_share(app, patient, actors["revoked"], "edit_plan", revoked=True)
    ids = {"owner": patient.id, "episode": episode["id"], "item": item["id"]}
    return actors, ids


@pytest.mark.parametrize(("method", "path", "actor", "expected"), parse_matrix(MATRIX))
def test_access(client, world, method, path, actor, expected):
    actors, ids = world
    caller = actors[actor]
    response = client.open(
        path.format(**ids),
        method=method,
        json=request_body(method, path),
        headers=caller.headers if caller else {},
    )

    assert response.status_code == expected, response.json
    if actor in ("stranger", "revoked", "other_patient", "anonymous"):
        # Whatever the status, nothing of the owner's shows through.
        assert SECRET_NOTE not in response.text
        assert SECRET_TITLE not in response.text
