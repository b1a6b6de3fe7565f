"""A clinician's workspace written straight to the database, for the query-count tests, and a
counter of the SQL statements a block runs.

    many_patients(app, clinician, count, zones=...) -> [patient id]   shared with the clinician,
        each with a few cramps, a daily plan item and ticks
    long_diary(app, patient_id, cramps)   that many cramps, one a night back from today
    count_queries(app) -> a context manager yielding the list of statements run inside it
"""

import uuid
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from backend.auth.models import User
from backend.careplan.models import CarePlanCheck, CarePlanItem
from backend.changes import open_counter
from backend.database import utcnow
from backend.episodes.models import Episode, EpisodeRelief, EpisodeTrigger
from backend.extensions import db
from backend.sharing.models import Share

ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo")


def _cramp(patient_id: uuid.UUID, started_at) -> Episode:
    # With a trigger and a relief, so a query per cramp for them would show in the count.
    return Episode(
        trigger_rows=[EpisodeTrigger(trigger="dehydration")],
        relief_rows=[EpisodeRelief(method="stretching", effect="some")],
        patient_id=patient_id,
        started_at=started_at,
        ended_at=started_at + timedelta(minutes=2),
        duration_seconds=120,
        night_of=started_at.date(),
        severity=5,
        muscle="calf",
        side="left",
        notes="",
    )


def many_patients(app, clinician, count: int, zones=ZONES) -> list[uuid.UUID]:
    now = utcnow()
    ids = []
    with app.app_context():
        for number in range(count):
            patient = User(
                id=uuid.uuid4(),
                email=f"many-{uuid.uuid4().hex[:8]}@example.test",
                password_hash="x",
                display_name=f"Patient {number}",
                role="patient",
                timezone=zones[number % len(zones)],
                conditions=[],
                medications=[],
            )
            db.session.add(patient)
            open_counter(patient.id)
            db.session.add(
                Share(patient_id=patient.id, clinician_id=uuid.UUID(clinician.id), permission="view")
            )
            db.session.add_all(_cramp(patient.id, now - timedelta(days=days)) for days in (1, 3, 12))
            item = CarePlanItem(
                id=uuid.uuid4(),
                patient_id=patient.id,
                category="stretching",
                title="Stretch",
                schedule="daily",
                status="active",
                start_date=(now - timedelta(days=20)).date(),
                author_id=patient.id,
                author_role="patient",
            )
            db.session.add(item)
            db.session.add_all(
                CarePlanCheck(
                    id=uuid.uuid4(),
                    patient_id=patient.id,
                    item_id=item.id,
                    date=(now - timedelta(days=days)).date(),
                    done=days % 2 == 0,
                )
                for days in (2, 3, 4)
            )
            ids.append(patient.id)
        db.session.commit()
    return ids


def long_diary(app, patient_id: uuid.UUID, cramps: int) -> None:
    now = utcnow()
    with app.app_context():
        db.session.add_all(
            _cramp(patient_id, now - timedelta(days=night, hours=20)) for night in range(cramps)
        )
        db.session.commit()


@contextmanager
def count_queries(app):
    statements = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
