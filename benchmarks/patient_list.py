"""Latency of a clinician's patient list and one patient's summary, in process.

    python benchmarks/patient_list.py [--patients 200] [--episodes 30] [--rounds 20]

Builds a fresh database (a temporary SQLite file, or DATABASE_URL) with one clinician sharing
with N patients in a few time zones, each with E cramps over the last 60 days and three plan
items, then times GET /api/v1/patients and GET /api/v1/patients/<id> through the Flask test
client (no network, no gunicorn): the cost of the queries and serialisation alone.
"""

import argparse
import math
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.auth.models import User  # noqa: E402
from backend.auth.tokens import start_session  # noqa: E402
from backend.careplan.models import CarePlanItem  # noqa: E402
from backend.changes import open_counter  # noqa: E402
from backend.database import utcnow  # noqa: E402
from backend.episodes.models import Episode  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.sharing.models import Share  # noqa: E402
from benchmarks.bench_app import app_on_empty_database  # noqa: E402

TIME_ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney")


def build(patients: int, episodes: int) -> tuple[str, str]:
    clinician = User(
        id=uuid.uuid4(),
        email="clinician@example.test",
        password_hash="x",
        display_name="Dr Bench",
        role="clinician",
    )
    db.session.add(clinician)
    now = utcnow()
    first_patient = None
    for number in range(patients):
        patient = User(
            id=uuid.uuid4(),
            email=f"patient{number}@example.test",
            password_hash="x",
            display_name=f"Patient {number}",
            role="patient",
            timezone=TIME_ZONES[number % len(TIME_ZONES)],
            conditions=[],
            medications=[],
        )
        first_patient = first_patient or patient
        db.session.add(patient)
        open_counter(patient.id)
        db.session.add(Share(patient_id=patient.id, clinician_id=clinician.id, permission="view"))
        for index in range(episodes):
            started_at = now - timedelta(days=60 * index / episodes, minutes=number)
            db.session.add(
                Episode(
                    patient_id=patient.id,
                    started_at=started_at,
                    ended_at=started_at + timedelta(minutes=2),
                    duration_seconds=120,
                    night_of=started_at.date(),
                    severity=index % 11,
                    muscle="calf",
                    side="left",
                    notes="",
                )
            )
        for title in ("Stretch", "Water", "Shoes"):
            db.session.add(
                CarePlanItem(
                    patient_id=patient.id,
                    category="other",
                    title=title,
                    schedule="daily",
                    start_date=now.date(),
                    author_id=patient.id,
                    author_role="patient",
                )
            )
    db.session.flush()
    access_token, _ = start_session(clinician)
    db.session.commit()
    return access_token, str(first_patient.id)


def timed(client, path: str, token: str, rounds: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.json
    return timings


def report(label: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[math.ceil(len(ordered) * 0.95) - 1]  # nearest rank
    print(f"{label:<34} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--episodes", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        app = app_on_empty_database(directory)
        with app.app_context():
            token, patient_id = build(args.patients, args.episodes)
            print(f"{args.patients} patients x {args.episodes} episodes on {db.engine.dialect.name}")
        client = app.test_client()
        report("GET /api/v1/patients", timed(client, "/api/v1/patients", token, args.rounds))
        report(
            "GET /api/v1/patients/<id>", timed(client, f"/api/v1/patients/{patient_id}", token, args.rounds)
        )
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    main()
