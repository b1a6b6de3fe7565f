"""Time of warning signs and insights on large diaries, in process (no HTTP, no serialisation).

    python benchmarks/insights_bench.py [--rounds 7] [--patients 200] [--years 5] [--list-years 2]

Builds a fresh database (a temporary SQLite file, or DATABASE_URL; create_all) with
- one patient keeping a diary for `--years` years: cramps on about a third of nights, about two
  each, with triggers, reliefs and symptoms, and a care plan of three items ticked most days;
- `--patients` patients in several time zones with `--list-years` years of diary each,
then reports the median (and slowest) of `--rounds` runs, in milliseconds, and the queries each
call sends. Goals: one patient's warnings and insights under 100 ms; the warning signs of a
clinician's list of 200 patients under 300 ms.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert  # noqa: E402

from backend.auth.models import User  # noqa: E402
from backend.careplan.models import CarePlanCheck, CarePlanItem  # noqa: E402
from backend.episodes.models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.insights.service import compute_insights, compute_warnings, warning_summaries  # noqa: E402
from backend.reference.vocabulary import MUSCLES, RELIEF_EFFECTS, RELIEF_METHODS, SIDES, TRIGGERS  # noqa: E402
from benchmarks.bench_app import app_on_empty_database  # noqa: E402

TIME_ZONES = ("Europe/London", "America/Los_Angeles", "Pacific/Auckland", "Asia/Tokyo", "UTC")
NOW = datetime.now(UTC)
ROWS_PER_INSERT = 5000


class Rows:
    """Rows gathered per table and inserted in large batches."""

    def __init__(self):
        self.tables = {model: [] for model in (Episode, EpisodeTrigger, EpisodeRelief, EpisodeSymptom)}
        self.tables |= {CarePlanItem: [], CarePlanCheck: []}

    def add(self, model, **values):
        self.tables[model].append(values)

    def flush(self):
        for model, rows in self.tables.items():
            for start in range(0, len(rows), ROWS_PER_INSERT):
                db.session.execute(insert(model), rows[start : start + ROWS_PER_INSERT])
            rows.clear()
        db.session.commit()


def add_patient(number: int, years: int, rows: Rows, rng: random.Random, with_checks: bool) -> User:
    zone = TIME_ZONES[number % len(TIME_ZONES)]
    patient = User(
        id=uuid.uuid4(),
        email=f"patient{number}@example.test",
        password_hash="x",
        display_name=f"Patient {number}",
        role="patient",
        timezone=zone,
        conditions=["diabetes"] if number % 7 == 0 else [],
        medications=[{"name": "Atorvastatin", "class": "statin", "started_on": None}]
        if number % 5 == 0
        else [],
        created_at=NOW - timedelta(days=365 * years + 1),
    )
    db.session.add(patient)
    db.session.flush()
    today = NOW.astimezone(ZoneInfo(zone)).date()
    first_night = today - timedelta(days=365 * years)
    add_plan(patient, first_night, today, rows, rng, with_checks)
    for offset in range(365 * years):
        night = first_night + timedelta(days=offset)
        if rng.random() >= 1 / 3:
            continue
        for _ in range(rng.choice((1, 2, 2, 3))):
            add_episode(patient, night, rows, rng)
    return patient


def add_episode(patient: User, night: date, rows: Rows, rng: random.Random) -> None:
    local = datetime.combine(night, datetime.min.time(), ZoneInfo(patient.timezone)) + timedelta(
        hours=22 + rng.random() * 9
    )
    started_at = local.astimezone(UTC)
    duration = int(rng.lognormvariate(4.5, 0.8))
    episode_id = uuid.uuid4()
    rows.add(
        Episode,
        id=episode_id,
        patient_id=patient.id,
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=duration),
        duration_seconds=duration,
        night_of=night,
        severity=rng.randint(2, 10),
        muscle=rng.choice(list(MUSCLES)),
        side=rng.choice(list(SIDES)),
        woke_from_sleep=True,
        notes="",
        version=1,
        change_seq=0,
        created_at=started_at,
        updated_at=started_at,
    )
    for trigger in rng.sample(list(TRIGGERS), rng.randint(0, 2)):
        rows.add(EpisodeTrigger, episode_id=episode_id, trigger=trigger)
    for method in rng.sample(list(RELIEF_METHODS), rng.randint(0, 2)):
        rows.add(EpisodeRelief, episode_id=episode_id, method=method, effect=rng.choice(list(RELIEF_EFFECTS)))
    if rng.random() < 0.15:
        rows.add(
            EpisodeSymptom,
            episode_id=episode_id,
            symptom=rng.choice(("soreness_after", "swelling", "numbness")),
        )


def add_plan(
    patient: User, first: date, today: date, rows: Rows, rng: random.Random, with_checks: bool
) -> None:
    items = [
        ("stretching", "Stretch calves and hamstrings before bed", "bedtime"),
        ("hydration", "Drink water through the day", "daily"),
        ("supplement", "Magnesium tablet", "as_needed"),
    ]
    for index, (category, title, schedule) in enumerate(items):
        item_id = uuid.uuid4()
        created_at = NOW - timedelta(days=3650, seconds=-index)
        rows.add(
            CarePlanItem,
            id=item_id,
            patient_id=patient.id,
            category=category,
            title=title,
            instructions="",
            schedule=schedule,
            status="active",
            start_date=first,
            author_id=patient.id,
            author_role="patient",
            version=1,
            change_seq=0,
            created_at=created_at,
            updated_at=created_at,
        )
        if not with_checks or schedule == "as_needed":
            continue
        for offset in range((today - first).days + 1):
            if rng.random() < 0.9:
                day = first + timedelta(days=offset)
                rows.add(
                    CarePlanCheck,
                    id=uuid.uuid4(),
                    patient_id=patient.id,
                    item_id=item_id,
                    date=day,
                    done=rng.random() < 0.75,
                    note="",
                    version=1,
                    change_seq=0,
                    created_at=NOW,
                    updated_at=NOW,
                )


def build(list_patients: int, years: int, list_years: int) -> tuple[User, list[User]]:
    rng = random.Random(2026)
    rows = Rows()
    heavy = add_patient(0, years, rows, rng, with_checks=True)
    rows.flush()
    patients = []
    for number in range(1, list_patients + 1):
        patients.append(add_patient(number, list_years, rows, rng, with_checks=False))
        if number % 20 == 0:
            rows.flush()
    rows.flush()
    return heavy, patients


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.count += 1


def timed(label: str, call, rounds: int, goal_ms: float) -> None:
    """Median wall time against the goal, and this process's CPU time beside it: on a busy
    machine the wall time includes waiting for a core, the CPU time does not (it leaves out
    PostgreSQL's own work, which runs in the server)."""
    counter = QueryCounter()
    wall, cpu = [], []
    for _ in range(rounds):
        db.session.commit()  # each call in its own transaction, as in a request
        counter.count = 0
        event.listen(db.engine, "before_cursor_execute", counter)
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        event.remove(db.engine, "before_cursor_execute", counter)
    median, median_cpu = statistics.median(wall), statistics.median(cpu)
    verdict = "ok" if median < goal_ms else "OVER GOAL"
    print(
        f"{label:<42} median {median:6.1f} ms  min {min(wall):6.1f} ms  cpu {median_cpu:6.1f} ms  "
        f"{counter.count:2d} queries  goal < {goal_ms:.0f} ms: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--list-years", type=int, default=2)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory() as directory:
        app = app_on_empty_database(directory)
        with app.app_context():
            started = time.perf_counter()
            heavy, patients = build(args.patients, args.years, args.list_years)
            episodes = db.session.scalar(db.select(db.func.count()).select_from(Episode))
            heavy_episodes = db.session.scalar(
                db.select(db.func.count()).select_from(Episode).where(Episode.patient_id == heavy.id)
            )
            print(
                f"{db.engine.dialect.name}: built {episodes} episodes "
                f"in {time.perf_counter() - started:.0f} s; "
                f"one patient with {heavy_episodes} over {args.years} years, "
                f"{args.patients} patients with {args.list_years} years each"
            )
            if db.engine.dialect.name == "postgresql":
                # What autovacuum would do soon after such a load: statistics and visibility map.
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            timed("compute_warnings(one patient)", lambda: compute_warnings(heavy), args.rounds, 100)
            for days in (90, 365, 1825):
                timed(
                    f"compute_insights(one patient, days={days})",
                    lambda d=days: compute_insights(heavy, d),
                    args.rounds,
                    100,
                )
            timed(
                f"warning_summaries({len(patients)} patients)",
                lambda: warning_summaries(patients),
                args.rounds,
                300,
            )
            db.session.rollback()
            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    main()
