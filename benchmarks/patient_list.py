"""Latency of a clinician's patient list and one patient's page, in process.

    python benchmarks/patient_list.py [--patients 200] [--episodes 30] [--rounds 20] [--diary-years 5]

Builds a fresh database (a temporary SQLite file, or DATABASE_URL) with one clinician sharing
with N patients in a few time zones, each with E cramps over the last 60 days and three plan
items, then times GET /api/v1/patients and GET /api/v1/patients/<id> through the Flask test
client (no network, no gunicorn): the cost of the queries and serialisation alone.

Then one more patient with a diary of --diary-years years (a cramp every other night) and the
patient page's reads, as the page makes them (summary, warning signs, insights over the period,
care plan, the diary's first page of 25), timed one after another for 4 weeks and 12 months.
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
from backend.episodes.models import Episode, EpisodeRelief, EpisodeTrigger  # noqa: E402
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


def long_diary_patient(clinician_email: str, years: int) -> str:
    """A patient sharing with the clinician, with a cramp every other night for `years` years."""
    clinician = db.session.scalar(db.select(User).where(User.email == clinician_email))
    patient = User(
        id=uuid.uuid4(),
        email="long-diary@example.test",
        password_hash="x",
        display_name="Long Diary",
        role="patient",
        timezone="Europe/London",
        conditions=[],
        medications=[],
    )
    db.session.add(patient)
    open_counter(patient.id)
    db.session.add(Share(patient_id=patient.id, clinician_id=clinician.id, permission="view"))
    now = utcnow()
    for night in range(0, 365 * years, 2):
        started_at = now - timedelta(days=night, hours=20)
        db.session.add(
            Episode(
                patient_id=patient.id,
                started_at=started_at,
                ended_at=started_at + timedelta(minutes=3),
                duration_seconds=180,
                night_of=started_at.date(),
                severity=night % 11,
                muscle="calf",
                side="left",
                trigger_rows=[EpisodeTrigger(trigger="dehydration")],
                relief_rows=[EpisodeRelief(method="stretching", effect="some")],
                notes="Woke me up",
            )
        )
    db.session.commit()
    return str(patient.id)


def page_reads(patient_id: str, days: int) -> list[str]:
    today = utcnow().date()
    first = today - timedelta(days=days - 1)
    base = f"/api/v1/patients/{patient_id}"
    return [
        base,
        f"{base}/warnings",
        f"{base}/insights?days={days}",
        f"{base}/care-plan",
        f"{base}/episodes?from={first}&to={today}&page=1&page_size=25",
    ]


def timed_page(client, paths: list[str], token: str, rounds: int) -> list[float]:
    """The page's reads one after another (the browser sends them together; this is their sum)."""
    headers = {"Authorization": f"Bearer {token}", "X-Visit-Id": str(uuid.uuid4())}
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for path in paths:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.json
        timings.append((time.perf_counter() - start) * 1000)
    return timings


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
    parser.add_argument("--diary-years", type=int, default=5)
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
            long_id = long_diary_patient("clinician@example.test", args.diary_years)
        print(f"patient page, a {args.diary_years}-year diary (a cramp every other night):")
        for label, days in (("4 weeks", 28), ("12 months", 365)):
            report(f"  5 reads, {label}", timed_page(client, page_reads(long_id, days), token, args.rounds))
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    main()
