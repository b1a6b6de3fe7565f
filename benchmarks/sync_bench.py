"""Server time of offline sync, measured in-process with the Flask test client, the process's
garbage collector tuned as a served worker's is.

    python benchmarks/sync_bench.py

Uses DATABASE_URL (default: a temporary SQLite file) and creates the schema there with
create_all; every run signs up fresh patients, so a database can be reused. Reports:
  - push: 1,000 episodes made offline, sent as 10 batches of 100
  - download: 10,000 records pulled by an empty device in pages of 500
  - incremental pull: 10 new changes for a patient with 1,000 and with 100,000 records stored;
    the ratio of the two shows whether a pull's cost depends on the size of the diary.
Goals: push < 1 s, download < 2 s, ratio about 1.
"""

import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from backend.auth.models import User  # noqa: E402
from backend.auth.tokens import start_session  # noqa: E402
from backend.changes import open_counter, take_change_seqs  # noqa: E402
from backend.episodes.models import Episode  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.web.gunicorn_workers import post_worker_init  # noqa: E402
from benchmarks.bench_app import app_on_empty_database  # noqa: E402

PUSH_BATCHES, PUSH_BATCH_SIZE = 10, 100
DOWNLOAD_RECORDS, DOWNLOAD_PAGE = 10_000, 500
SMALL_DIARY, LARGE_DIARY, NEW_CHANGES, REPEATS = 1_000, 100_000, 10, 30


def make_app():
    app = app_on_empty_database(tempfile.mkdtemp())
    # As a served worker runs (backend.web.gunicorn_workers): the loaded app frozen out of the
    # garbage collector's sight, young objects collected less often.
    post_worker_init(worker=None)
    return app


def new_patient(app) -> tuple[uuid.UUID, dict]:
    with app.app_context():
        user = User(
            email=f"bench-{uuid.uuid4()}@example.test",
            password_hash="not-used",
            display_name="Bench",
            role="patient",
            timezone="UTC",
            conditions=[],
            medications=[],
        )
        db.session.add(user)
        db.session.flush()
        open_counter(user.id)
        access_token, _ = start_session(user)
        db.session.commit()
        return user.id, {"Authorization": f"Bearer {access_token}"}


def store_episodes(app, patient_id: uuid.UUID, count: int) -> None:
    """Episodes written straight to the tables, numbered as the change counter would number them."""
    start = datetime(2025, 1, 1, 22, 0, tzinfo=UTC)
    with app.app_context():
        for first in range(0, count, 5_000):
            rows = [
                {
                    "id": uuid.uuid4(),
                    "patient_id": patient_id,
                    "version": 1,
                    "change_seq": number,
                    "created_at": start,
                    "updated_at": start,
                    "started_at": start + timedelta(minutes=number),
                    "night_of": date(2025, 1, 1),
                    "severity": number % 11,
                    "muscle": "calf",
                    "side": "left",
                    "notes": "",
                }
                for number in range(first + 1, min(first + 5_000, count) + 1)
            ]
            db.session.execute(insert(Episode), rows)
        take_change_seqs(patient_id, count)  # the numbers the rows above were given
        db.session.commit()


def offline_episode(number: int) -> dict:
    started = datetime(2026, 3, 1, 2, 0, tzinfo=UTC) + timedelta(hours=number)
    return {
        "mutation_id": str(uuid.uuid4()),
        "entity": "episode",
        "op": "upsert",
        "id": str(uuid.uuid4()),
        "base_version": None,
        "fields": {
            "started_at": started.isoformat(),
            "ended_at": (started + timedelta(minutes=2)).isoformat(),
            "severity": number % 11,
            "muscle": "calf",
            "side": "left",
            "triggers": ["dehydration"],
            "reliefs": [{"method": "stretching", "effect": "full"}],
        },
    }


def pull_page(client, headers, cursor: int, limit: int) -> dict:
    response = client.get(
        "/api/v1/sync/pull", query_string={"cursor": cursor, "limit": limit}, headers=headers
    )
    assert response.status_code == 200, response.json
    return response.json


def pull_to_end(client, headers, cursor: int = 0, limit: int = DOWNLOAD_PAGE) -> tuple[int, int]:
    received = 0
    while True:
        page = pull_page(client, headers, cursor, limit)
        received += len(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            return received, cursor


def report(label: str, seconds: float, records: int, goal: str) -> None:
    print(f"{label:<44} {seconds:8.3f} s  {records / seconds:10,.0f} records/s   (goal {goal})")


def bench_push(app, client) -> None:
    _, headers = new_patient(app)
    batches = [
        [offline_episode(batch * PUSH_BATCH_SIZE + number) for number in range(PUSH_BATCH_SIZE)]
        for batch in range(PUSH_BATCHES)
    ]
    started = time.perf_counter()
    for batch in batches:
        response = client.post(
            "/api/v1/sync/push", json={"client_id": "bench", "mutations": batch}, headers=headers
        )
        assert response.status_code == 200, response.json
        assert {result["status"] for result in response.json["results"]} == {"applied"}
    report(
        f"push {PUSH_BATCHES} x {PUSH_BATCH_SIZE} offline episodes",
        time.perf_counter() - started,
        PUSH_BATCHES * PUSH_BATCH_SIZE,
        "< 1 s",
    )


def bench_download(app, client) -> None:
    patient_id, headers = new_patient(app)
    store_episodes(app, patient_id, DOWNLOAD_RECORDS)
    started = time.perf_counter()
    received, _ = pull_to_end(client, headers)
    seconds = time.perf_counter() - started
    assert received == DOWNLOAD_RECORDS + 1  # and the profile
    report(f"download {DOWNLOAD_RECORDS:,} records, pages of {DOWNLOAD_PAGE}", seconds, received, "< 2 s")


def incremental_pull_seconds(app, client, stored: int) -> tuple[float, float]:
    patient_id, headers = new_patient(app)
    store_episodes(app, patient_id, stored)
    _, cursor = pull_to_end(client, headers, limit=1000)
    edits = [offline_episode(number) for number in range(NEW_CHANGES)]
    response = client.post(
        "/api/v1/sync/push", json={"client_id": "other", "mutations": edits}, headers=headers
    )
    assert response.status_code == 200, response.json
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        page = pull_page(client, headers, cursor, DOWNLOAD_PAGE)
        timings.append(time.perf_counter() - started)
        assert len(page["changes"]) == NEW_CHANGES and not page["has_more"]
    # The median is the usual pull; the best of the repeats shows the cost without other load.
    return statistics.median(timings), min(timings)


def bench_incremental(app, client) -> None:
    small, small_best = incremental_pull_seconds(app, client, SMALL_DIARY)
    large, large_best = incremental_pull_seconds(app, client, LARGE_DIARY)
    report(f"pull {NEW_CHANGES} changes, {SMALL_DIARY:,} stored (median)", small, NEW_CHANGES, "-")
    report(f"pull {NEW_CHANGES} changes, {LARGE_DIARY:,} stored (median)", large, NEW_CHANGES, "-")
    print(f"{'ratio large / small, median':<44} {large / small:8.2f}     (goal about 1)")
    print(f"{'ratio large / small, best of ' + str(REPEATS):<44} {large_best / small_best:8.2f}")


def main() -> None:
    app = make_app()
    client = app.test_client()
    with app.app_context():
        print(f"database: {db.engine.dialect.name}")
    bench_push(app, client)
    bench_download(app, client)
    bench_incremental(app, client)


if __name__ == "__main__":
    main()
