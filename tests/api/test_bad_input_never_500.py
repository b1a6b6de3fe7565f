"""Whatever a client sends to any route, the answer is never a 500; refusals keep the error shape."""

from urllib.parse import urlencode

import pytest

from tests.support.routes import PROTECTED, operation_id

NUL = "\x00"
# Every field name the API knows, each with a value of the wrong kind or out of range.
WRONG_EVERYTHING = {
    "id": 12,
    "started_at": "0001-01-01T00:00:00+14:00",
    "ended_at": 1,
    "severity": "7",
    "muscle": ["calf"],
    "side": NUL,
    "woke_from_sleep": "perhaps",
    "triggers": [NUL],
    "reliefs": [{"method": NUL}],
    "symptoms": {},
    "notes": f"nul {NUL}",
    "version": 10**30,
    "category": NUL,
    "title": f"nul {NUL}",
    "instructions": 5,
    "schedule": None,
    "time_of_day": "25:61",
    "status": [],
    "start_date": "2026-02-30",
    "end_date": "0000-01-01",
    "done": "maybe",
    "note": f"nul {NUL}",
    "display_name": f"nul {NUL}",
    "timezone": f"Europe/{NUL}",
    "conditions": [None],
    "medications": [{"name": NUL, "class": NUL, "started_on": "9999-99-99"}],
    "password": NUL,
    "email": f"a{NUL}@example.org",
    "code": f"{NUL}" * 300,
    "permission": NUL,
    "expires_in_hours": 10**30,
    "client_id": NUL,
    "mutations": [{"mutation_id": NUL, "entity": NUL, "op": NUL, "fields": NUL}],
}
BAD_QUERY = urlencode(
    {
        "from": "2026-02-30",
        "to": "0000-00-00",
        "page": 10**24,
        "page_size": -1,
        "days": 10**20,
        "cursor": -(10**20),
        "limit": "abc",
    }
)
LONE_SURROGATE = '"\\ud83d"'
BAD_BODIES = {
    "not_json": ("{not json", "application/json"),
    "too_deep": ("[" * 5000 + "]" * 5000, "application/json"),
    "lone_surrogates": (
        "{"
        + ", ".join(
            f'"{name}": {LONE_SURROGATE}'
            for name in ("display_name", "notes", "title", "client_id", "email", "password", "code")
        )
        + f', "mutations": [{{"mutation_id": {LONE_SURROGATE}, "fields": {{"notes": {LONE_SURROGATE}}}}}]}}',
        "application/json",
    ),
    "invalid_utf8": (b'{"notes": "\xff\xfe", "display_name": "\xc3"}', "application/json"),
    "duplicate_keys": ('{"severity": 1, "severity": 2}', "application/json"),
    "huge_numbers": ('{"severity": 1e999, "version": 123456789012345678901234567890}', "application/json"),
    "not_an_object": ("[1, 2, 3]", "application/json"),
    "wrong_everything": (WRONG_EVERYTHING, None),
}


@pytest.mark.parametrize("role", ["patient", "clinician"])
@pytest.mark.parametrize("body", BAD_BODIES)
@pytest.mark.parametrize("operation", [op for op in PROTECTED if op[0] != "GET"], ids=operation_id)
def test_bad_body_is_a_client_error(client, make_actor, operation, body, role):
    method, _, path = operation
    content, content_type = BAD_BODIES[body]
    actor = make_actor(role)
    if content_type:
        request = {"data": content, "headers": {**actor.headers, "Content-Type": content_type}}
    else:
        request = {"json": content, "headers": actor.headers}

    response = client.open(path, method=method, **request)

    # Routes that take no body (sign-out) may ignore it; every other answer is a refusal.
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        assert response.json["code"] == response.status_code


BAD_QUERIES = {
    "everything_wrong": BAD_QUERY,
    # Valid on its own, but far past any last page; an OFFSET that large overflows the database.
    "page_far_beyond": urlencode({"page": 10**24}),
}


@pytest.mark.parametrize("role", ["patient", "clinician"])
@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("operation", [op for op in PROTECTED if op[0] == "GET"], ids=operation_id)
def test_bad_query_is_never_a_server_error(client, make_actor, operation, query, role):
    path = operation[2]
    actor = make_actor(role)

    response = client.get(f"{path}?{BAD_QUERIES[query]}", headers=actor.headers)

    assert response.status_code < 500, response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/auth/register", "/api/v1/auth/login"])
@pytest.mark.parametrize("body", BAD_BODIES)
def test_bad_body_to_a_public_route_is_a_client_error(client, path, body):
    content, content_type = BAD_BODIES[body]
    request = {"data": content, "content_type": content_type} if content_type else {"json": content}

    response = client.post(path, **request)

    assert 400 <= response.status_code < 500
    assert response.json["code"] == response.status_code
