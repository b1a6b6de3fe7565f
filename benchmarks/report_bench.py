"""Time to make the visit report (PDF) and the FHIR Bundle for a five-year diary, and their size.

    python benchmarks/report_bench.py [--rounds 5] [--years 5]

Builds a fresh database (a temporary SQLite file, or DATABASE_URL) with one patient keeping a
diary for `--years` years (insights_bench's diary: about 1,300 cramps over five years, a care
plan ticked most days), then reports the median of `--rounds` runs in process (no HTTP).
Goal: the report for five years under 1 s.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.episodes.models import Episode  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.insights.service import MAX_INSIGHT_DAYS  # noqa: E402
from backend.reports.fhir import patient_bundle, shares_for_export  # noqa: E402
from backend.reports.pdf import render_report  # noqa: E402
from backend.reports.period import report_period  # noqa: E402
from backend.reports.visit import visit_report  # noqa: E402
from benchmarks.bench_app import app_on_empty_database  # noqa: E402
from benchmarks.insights_bench import Rows, add_patient  # noqa: E402

GOAL_MS = 1000


def timed(label: str, call, rounds: int, goal_ms: float | None = None) -> object:
    times, result = [], None
    for _ in range(rounds):
        db.session.commit()  # each run in its own transaction, as in a request
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    goal = (
        "" if goal_ms is None else f"  goal < {goal_ms:.0f} ms: {'ok' if median < goal_ms else 'OVER GOAL'}"
    )
    print(f"{label:<36} median {median:7.1f} ms  min {min(times):7.1f} ms{goal}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = app_on_empty_database(directory)
        with app.app_context(), app.test_request_context():
            rows = Rows()
            patient = add_patient(0, args.years, rows, random.Random(2026), with_checks=True)
            rows.flush()
            episodes = db.session.scalar(db.select(db.func.count()).select_from(Episode))
            print(f"{db.engine.dialect.name}: one patient, {episodes} cramps over {args.years} years")

            def five_year_report():
                last = report_period(patient, None, None).nights.last
                first = last - timedelta(days=min(365 * args.years, MAX_INSIGHT_DAYS) - 1)
                return render_report(visit_report(patient, report_period(patient, first, last)))

            pdf = timed(f"visit report PDF, {args.years} years", five_year_report, args.rounds, GOAL_MS)
            monthly = timed(
                "visit report PDF, last 28 nights",
                lambda: render_report(visit_report(patient, report_period(patient, None, None))),
                args.rounds,
            )
            bundle = timed(
                "FHIR Bundle, 5 years",
                lambda: app.json.dumps(patient_bundle(patient, shares_for_export(patient))),
                args.rounds,
            )
            print(f"PDF size: {len(pdf):,} bytes ({args.years} years), {len(monthly):,} bytes (28 nights)")
            print(f"FHIR Bundle size: {len(bundle):,} bytes")
            db.session.rollback()
            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    main()
