"""Two app servers on one PostgreSQL and one Redis: the sync chaos run's figures, how soon a
session signed out on one server is refused by the other, and whether failed sign-ins count
across both.

    python benchmarks/two_servers.py [--steps 600] [--seed 16] [--workers 2] [--logouts 5]

Starts two gunicorn servers (`--workers` each) on free ports against a fresh PostgreSQL database
made by the migrations and dropped at the end. PostgreSQL: TEST_DATABASE_URL's server, else
SCALE_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432; Redis: TEST_REDIS_URL or
redis://127.0.0.1:6379/15. The chaos run is the one tests/deploy/test_two_servers.py runs
(tests/support/sync_chaos.py); the sign-in limits are the shipped ones.
"""

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.servers import (  # noqa: E402
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
from tests.support.sync_chaos import chaos_run  # noqa: E402

PASSWORD = "a long two-server passphrase"


def new_account(server: GunicornServer) -> str:
    email = f"bench-{uuid.uuid4().hex[:12]}@example.test"
    status, answer = server.call(
        "POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD, "display_name": "B"}
    )
    assert status == 201, answer
    return email


def sign_out_propagation(a: GunicornServer, b: GunicornServer) -> tuple[float, float]:
    """(last time b accepted, first time b refused) the session, in seconds after a signed it out."""
    email = new_account(a)
    status, tokens = a.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    assert status == 200, tokens
    token = tokens["access_token"]
    for _ in range(6):  # every worker of b has seen the session live
        b.call("GET", "/api/v1/me", token=token)
    assert a.call("POST", "/api/v1/auth/logout", token=token)[0] == 204
    ended = time.monotonic()
    last_accepted, first_refused = 0.0, None
    while (sent := time.monotonic() - ended) < 3.0:
        status = b.call("GET", "/api/v1/me", token=token)[0]
        if status == 200:
            last_accepted = sent
        elif first_refused is None:
            first_refused = sent
        time.sleep(0.02)
    return last_accepted, first_refused if first_refused is not None else float("nan")


def failures_until_refused(a: GunicornServer, b: GunicornServer) -> tuple[int, int]:
    """Wrong passwords for one account, alternating servers, until the first 429: (401s, attempts)."""
    email = new_account(a)
    for attempt in range(1, 41):
        server = (a, b)[attempt % 2]
        status = server.call("POST", "/api/v1/auth/login", {"email": email, "password": "wrong guess"})[0]
        if status == 429:
            return attempt - 1, attempt
    return 40, 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--logouts", type=int, default=5)
    args = parser.parse_args()

    postgres, cache = postgres_server_url(), redis_url()
    for problem in (postgres_unreachable(postgres), redis_unreachable(cache)):
        if problem:
            raise SystemExit(problem)
    with ScratchPostgres(postgres, "crampcare_bench_scale") as database:
        env = server_env(
            database.url,
            RATELIMIT_STORAGE_URI=cache,
            LOGIN_LIMIT_PER_ADDRESS="10000 per minute",
            REGISTER_LIMIT_PER_ADDRESS="10000 per minute",
        )
        env.pop("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", None)  # the shipped limit
        migrate(env)
        log_dir = tempfile.mkdtemp(prefix="crampcare-two-servers-")
        servers = [GunicornServer(env, log_dir, workers=args.workers, name=name) for name in ("a", "b")]
        start_all(servers)
        try:
            print(f"2 servers x {args.workers} gunicorn workers, load average {os.getloadavg()[0]:.2f}")
            figures = chaos_run(
                [server.base_url for server in servers],
                database.url,
                steps=args.steps,
                seed=args.seed,
                crash=lambda server: servers[server].kill_a_worker(),
            )
            print(figures.summary())
            print(f"  operations {figures.requests}, lost {figures.lost}, duplicated {figures.duplicated}")

            trials = [sign_out_propagation(*servers) for _ in range(args.logouts)]
            print(
                f"sign-out on a, refused on b ({args.logouts} trials): last accepted "
                + ", ".join(f"{accepted:.2f}" for accepted, _ in trials)
                + " s; first refused "
                + ", ".join(f"{refused:.2f}" for _, refused in trials)
                + f" s after (bound 2 s); worst {max(accepted for accepted, _ in trials):.2f} s"
            )
            failures, attempts = failures_until_refused(*servers)
            print(
                f"failed sign-ins alternating a/b: refused at attempt {attempts} after {failures} failures "
                f"(the shipped per-account limit, counted in {cache})"
            )
            print(f"load average {os.getloadavg()[0]:.2f}")
            if figures.lost or figures.duplicated or figures.devices_differing:
                raise SystemExit("the chaos run lost or duplicated records")
        finally:
            stop_all(servers)


if __name__ == "__main__":
    main()
