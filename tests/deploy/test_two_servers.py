"""Two app servers (gunicorn, two ports, two workers each) on one PostgreSQL and one Redis behave
as one: sync through both loses and doubles nothing, two edits of one record reaching both at the
same moment are ordered as if one server had taken them, failed sign-ins count on both, and a
session ended on one is refused by the other within 2 seconds.

PostgreSQL is TEST_DATABASE_URL's server, else 127.0.0.1:5432 (SCALE_POSTGRES_URL overrides it);
the servers get a database of their own, made by the migrations and dropped at the end. Redis is
TEST_REDIS_URL (default redis://127.0.0.1:6379/15). Without either the tests skip with the
reason, unless REQUIRE_SERVICES=1 (CI), when they fail.

`pytest tests/deploy/test_two_servers.py -s` prints the chaos run's figures.
"""

import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from tests.support.servers import (
    GunicornServer,
    ScratchPostgres,
    migrate,
    postgres_server_url,
    postgres_unreachable,
    redis_unreachable,
    redis_url,
    server_env,
    start_all,
    stop_all,
)
from tests.support.sync import PUSH, mutation
from tests.support.sync_chaos import chaos_run

PASSWORD = "a long two-server passphrase"
LOGIN_LIMIT = 3
# The bound the README promises for sign-out, password change and a reused refresh token.
SESSION_END_BOUND = 2.0


@pytest.fixture(scope="module")
def services() -> tuple[str, str]:
    postgres, cache = postgres_server_url(), redis_url()
    for problem in (postgres_unreachable(postgres), redis_unreachable(cache)):
        if problem and os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {problem}")
        if problem:
            pytest.skip(f"{problem} (the two-server tests need PostgreSQL and Redis)")
    return postgres, cache


@pytest.fixture(scope="module")
def cluster(services, tmp_path_factory):
    postgres, cache = services
    with ScratchPostgres(postgres, "crampcare_scale") as database:
        env = server_env(
            database.url,
            RATELIMIT_STORAGE_URI=cache,
            LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS=f"{LOGIN_LIMIT} per minute",
            # Every request here comes from 127.0.0.1: the address-wide limits stay out of the way.
            LOGIN_LIMIT_PER_ADDRESS="10000 per minute",
            REGISTER_LIMIT_PER_ADDRESS="10000 per minute",
        )
        migrate(env)
        log_dir = tmp_path_factory.mktemp("two-servers")
        servers = [GunicornServer(env, log_dir, name=name) for name in ("a", "b")]
        start_all(servers)
        try:
            yield servers, database.url, cache
        finally:
            stop_all(servers)


def new_account(server: GunicornServer) -> str:
    email = f"two-servers-{uuid.uuid4().hex[:12]}@example.test"
    body = {"email": email, "password": PASSWORD, "display_name": "Two Servers"}
    status, answer = server.call("POST", "/api/v1/auth/register", body)
    assert status == 201, answer
    return email


def sign_in(server: GunicornServer, email: str, password: str = PASSWORD):
    return server.call("POST", "/api/v1/auth/login", {"email": email, "password": password})


def test_sync_through_two_servers_loses_and_doubles_nothing(cluster):
    servers, database_url, _ = cluster

    figures = chaos_run(
        [server.base_url for server in servers],
        database_url,
        steps=450,
        crash=lambda server: servers[server].kill_a_worker(),
    )

    print(f"\n{figures.summary()}")
    assert figures.lost == 0, figures.summary()
    assert figures.duplicated == 0, figures.summary()
    assert figures.deleted_but_live == 0, figures.summary()
    assert figures.devices_differing == [], figures.summary()
    assert not figures.servers_differing, figures.summary()
    assert "rejected" not in figures.answers, figures.summary()
    # The run did meet the network's tricks.
    assert figures.requests_by_kind["interrupted"] > 0 and figures.workers_killed > 0


def at_once(*requests) -> list:
    """Each (server, method, path, body, token) sent at the same moment; their answers in order."""
    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(lambda request: request[0].call(*request[1:]), requests))


@pytest.fixture(scope="module")
def patient_token(cluster) -> str:
    (a, _), _, _ = cluster
    email = new_account(a)
    status, tokens = sign_in(a, email)
    assert status == 200, tokens
    return tokens["access_token"]


def episode_version(database_url: str, episode_id: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute("SELECT version FROM episodes WHERE id = %s", (episode_id,)).fetchone()[0]


def sync_edit(device: str, episode_id: str, base_version: int, **fields) -> dict:
    return {
        "client_id": device,
        "mutations": [mutation("episode", episode_id, base_version=base_version, **fields)],
    }


NEW_EPISODE = {"started_at": "2026-11-05T03:00:00+00:00", "severity": 5}


def test_two_devices_edits_pushed_at_once_through_both_servers_are_both_kept(cluster, patient_token):
    (a, b), database_url, _ = cluster
    for _ in range(5):
        episode_id = str(uuid.uuid4())
        status, _ = a.call("POST", PUSH, sync_edit("phone", episode_id, None, **NEW_EPISODE), patient_token)
        assert status == 200

        answers = at_once(
            (a, "POST", PUSH, sync_edit("phone", episode_id, 1, severity=2), patient_token),
            (b, "POST", PUSH, sync_edit("tablet", episode_id, 1, notes="Woke me."), patient_token),
        )

        records = [body["results"][0]["record"] for _, body in answers]
        # One after the other, each on the version the other made: 2 and 3, never two 2s.
        assert sorted(record["version"] for record in records) == [2, 3], records
        assert episode_version(database_url, episode_id) == 3


def test_of_two_edits_of_one_version_at_once_through_both_servers_one_is_refused(cluster, patient_token):
    (a, b), database_url, _ = cluster
    for _ in range(5):
        status, episode = a.call("POST", "/api/v1/episodes", NEW_EPISODE, patient_token)
        assert status == 201, episode
        path = f"/api/v1/episodes/{episode['id']}"

        answers = at_once(
            (a, "PATCH", path, {"version": 1, "severity": 2}, patient_token),
            (b, "PATCH", path, {"version": 1, "notes": "Woke me."}, patient_token),
        )

        # `version` promises that a stale edit is refused, whichever server each edit reaches.
        assert sorted(status for status, _ in answers) == [200, 409], answers
        assert episode_version(database_url, episode["id"]) == 2


def test_failed_sign_ins_on_one_server_count_on_the_other(cluster):
    (a, b), _, cache = cluster
    email = new_account(a)

    failures = [sign_in(server, email, "a wrong passphrase")[0] for server in (a, b, a)]
    refused = [sign_in(server, email, "a wrong passphrase")[0] for server in (b, a, b, a)]

    # Each server has two workers: four separate in-memory counts would have let 12 through.
    assert failures == [401] * LOGIN_LIMIT
    assert refused == [429] * 4
    client = redis.Redis.from_url(cache)
    try:
        assert client.keys(f"*{email}*"), "the count is not kept in Redis"
    finally:
        client.close()


def test_a_session_ended_on_one_server_is_refused_by_the_other_within_2_seconds(cluster):
    (a, b), _, _ = cluster
    email = new_account(a)
    status, tokens = sign_in(a, email)
    assert status == 200, tokens
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    # Both of b's workers have seen the session valid (and may hold that for up to 2 s).
    assert [b.call("GET", "/api/v1/me", token=access)[0] for _ in range(6)] == [200] * 6

    status, _ = a.call("POST", "/api/v1/auth/logout", token=access)
    assert status == 204
    ended = time.monotonic()

    seen = []
    while (sent := time.monotonic() - ended) <= SESSION_END_BOUND + 0.3:
        seen.append((sent, b.call("GET", "/api/v1/me", token=access)[0]))
        time.sleep(0.05)
    accepted = [offset for offset, status in seen if status == 200]
    refused = [offset for offset, status in seen if status == 401]
    print(
        f"\nsign-out on a: b last accepted the session {max(accepted, default=0):.2f} s after, "
        f"first refused it {min(refused, default=float('nan')):.2f} s after ({len(seen)} requests)"
    )
    assert {status for _, status in seen} <= {200, 401}
    assert max(accepted, default=0) <= SESSION_END_BOUND
    assert [server.call("GET", "/api/v1/me", token=access)[0] for server in (a, b) * 4] == [401] * 8
    assert b.call("POST", "/api/v1/auth/refresh", token=refresh)[0] == 401
