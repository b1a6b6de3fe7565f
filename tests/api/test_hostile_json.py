"""Hostile JSON is refused where bodies are parsed, before any view runs: 400 for what isn't JSON
we accept, 422 naming the fields whose text can't be stored, and nothing is written."""

import pytest

from backend.auth.models import User
from backend.episodes.models import Episode
from backend.json_input import MalformedJson, UnstorableText, load_json
from tests.support.factories import episode_body

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": ' * 40 + b"1" + b"}" * 40,
        b'{"notes": "\xff"}',
        b'{"severity": 1e400}',
        b'{"severity": NaN}',
        b'{"severity": 1, "severity": 2}',
        b'{"version": ' + b"9" * 5000 + b"}",
    ],
    ids=[
        "very deep",
        "deeper than any body of ours",
        "invalid UTF-8",
        "infinite",
        "NaN",
        "duplicate key",
        "huge",
    ],
)
def test_json_we_do_not_accept_is_refused(body):
    with pytest.raises(MalformedJson):
        load_json(body)


def test_a_lone_surrogate_at_sign_up_is_422_naming_the_field(client, rows):
    body = (
        b'{"email": "sam@example.org", "password": "a long passphrase here", "display_name": "Sam \\ud83d"}'
    )

    response = client.post("/api/v1/auth/register", data=body, headers=JSON)

    assert response.status_code == 422
    assert list(response.json["errors"]) == ["display_name"]
    assert rows(User) == []


def test_a_nul_in_episode_notes_is_422_and_nothing_is_written(client, patient, rows):
    response = client.post(
        "/api/v1/episodes", json=episode_body(notes="before\x00after"), headers=patient.headers
    )

    assert response.status_code == 422
    assert set(response.json["errors"]) == {"notes"}
    assert rows(Episode) == []


def test_a_lone_surrogate_deep_in_a_sync_push_names_its_place(client, patient):
    body = (
        '{"client_id": "phone", "mutations": [{"mutation_id": "9d4c2c2e-1c1e-4f9b-9a53-0d1f6a3a3b11",'
        ' "entity": "episode", "op": "upsert", "id": "5d1e8c3a-7b42-4f0e-a9c1-2e3f4a5b6c7d",'
        ' "fields": {"notes": "\\udc00"}}]}'
    )

    response = client.post("/api/v1/sync/push", data=body, headers={**patient.headers, **JSON})

    assert response.status_code == 422
    assert response.json["errors"] == {
        "mutations": {"0": {"fields": {"notes": [UnstorableText({}).args[0]]}}}
    }


def test_too_deep_a_body_is_400_in_the_error_shape_on_a_public_route(client):
    response = client.post("/api/v1/auth/login", data="[" * 50_000 + "]" * 50_000, headers=JSON)

    assert response.status_code == 400
    assert response.json["code"] == 400
    assert "nested" in response.json["message"]
