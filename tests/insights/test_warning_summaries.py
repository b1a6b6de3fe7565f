"""warning_summaries: a clinician's whole list at once, with the same answers as one by one."""

from sqlalchemy import event

from backend.extensions import db
from backend.insights.service import compute_warnings, warning_summaries
from tests.support.zones import ZONES


def count_queries(call) -> tuple[object, int]:
    """The call's result and how many SELECTs it sent (transaction statements aside)."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        result = call()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return result, len(statements)


def busy_diary(diary_for, zone, created="2025-01-01 12:00"):
    """Fires frequent, rising and long_episode, and has a quinine plan item."""
    diary = diary_for(zone, created=created)
    for day in ("2026-11-14 03:00", "2026-11-16 03:00", "2026-11-18 03:00", "2026-11-20 03:00"):
        diary.episode(day, seconds=700)
    diary.item("Quinine tonic")
    return diary


def test_summaries_match_each_patients_own_warnings(diary_for):
    diaries = [busy_diary(diary_for, zone) for zone in ZONES] + [diary_for("Europe/London")]
    now = diaries[0].now

    summaries = warning_summaries([d.patient for d in diaries], now=now)

    assert summaries == {d.patient.id: compute_warnings(d.patient, now=now) for d in diaries}
    assert summaries[diaries[-1].patient.id] == []
    assert [w["code"] for w in summaries[diaries[0].patient.id]] == [
        "quinine",
        "frequent",
        "rising",
        "long_episode",
    ]


def test_summaries_take_the_same_few_queries_for_one_patient_or_many(diary_for):
    # Young accounts: `rising` also asks when each diary began.
    diaries = [busy_diary(diary_for, ZONES[index % 2], created="2026-10-01 12:00") for index in range(12)]
    one, many, now = [diaries[0].patient], [d.patient for d in diaries], diaries[0].now

    _, for_one = count_queries(lambda: warning_summaries(one, now=now))
    summaries, for_many = count_queries(lambda: warning_summaries(many, now=now))

    assert all(summaries[patient.id] for patient in many)
    assert for_one == for_many <= 6


def test_no_patients_no_queries(ctx):
    assert count_queries(lambda: warning_summaries([])) == ({}, 0)
