"""The diary list is written by the database, and answers exactly what the episode schema would."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine

from backend.episodes.diary import DIARY_ORDER, _statements
from backend.episodes.models import Episode
from backend.episodes.schemas import EpisodeSchema
from backend.extensions import db
from tests.support.care_team import share
from tests.support.factories import episode_body
from tests.support.sync import new_episode, pull_to_end, push_ok

VARIANTS = [
    {"triggers": ["dehydration", "alcohol", "stress"], "symptoms": ["swelling", "numbness"]},
    {"reliefs": [{"method": "stretching", "effect": "full"}, {"method": "heat", "effect": "some"}]},
    {"ended_at": None, "severity": None, "muscle": None, "side": None, "woke_from_sleep": None},
    {"notes": 'Woke at 3, "both" calves; ünïcode ✓ \\ back\tslash\nnew line 😖 \u2028', "side": "both"},
    {"severity": 0, "woke_from_sleep": False},
    {"severity": 10, "woke_from_sleep": True, "triggers": ["stress"], "symptoms": ["numbness"]},
    {},
]


def _keep_diary(client, patient) -> None:
    """Starts with and without microseconds, on either side of midnight UTC."""
    for n, fields in enumerate(VARIANTS * 3):
        at = datetime(2026, 10, 1, 23, 59, 15, tzinfo=UTC) + timedelta(days=n, seconds=n)
        at += timedelta(microseconds=250000 * (n % 3) + (n % 2))
        times = {"started_at": at.isoformat(), "ended_at": (at + timedelta(seconds=95)).isoformat()}
        body = episode_body(**{**times, **fields})
        assert client.post("/api/v1/episodes", json=body, headers=patient.headers).status_code == 201


def _as_the_schema_writes_it(app, offset=0, limit=50) -> list:
    with app.app_context():
        episodes = db.session.scalars(
            db.select(Episode).order_by(*DIARY_ORDER).offset(offset).limit(limit)
        ).all()
        return EpisodeSchema(many=True).dump(episodes)


def test_the_diary_list_is_the_schemas_answer_to_the_letter(app, client, patient):
    _keep_diary(client, patient)

    listed = client.get("/api/v1/episodes?page_size=50", headers=patient.headers)

    assert listed.json == _as_the_schema_writes_it(app)
    assert len(listed.json) == 21
    assert listed.headers["Content-Type"] == "application/json"
    second_page = client.get("/api/v1/episodes?page_size=8&page=2", headers=patient.headers)
    assert second_page.json == _as_the_schema_writes_it(app, offset=8, limit=8)
    assert second_page.headers["X-Pagination"].startswith('{"total": 21, "total_pages": 3')


def test_a_clinician_reads_the_patients_own_list(app, client, patient, clinician):
    _keep_diary(client, patient)
    share(client, patient, clinician)

    listed = client.get(f"/api/v1/patients/{patient.id}/episodes", headers=clinician.headers)

    assert listed.status_code == 200
    assert listed.json == client.get("/api/v1/episodes", headers=patient.headers).json
    assert listed.json == _as_the_schema_writes_it(app)


def test_a_new_episodes_answer_is_the_schemas_to_the_letter(client, patient):
    # A create answers without marshmallow; reading the episode back answers through it.
    variants = [
        {"triggers": ["dehydration", "alcohol"], "symptoms": ["swelling"]},
        {"reliefs": [{"method": "stretching", "effect": "full"}, {"method": "heat", "effect": "some"}]},
        {"ended_at": None, "severity": None, "muscle": None, "side": None, "woke_from_sleep": None},
        {
            "notes": 'Woke at 3, "both" calves; ünïcode ✓',
            # In UTC: a create answers with the offset it was sent (as it always has), a read in UTC.
            "started_at": "2026-10-01T00:30:15.250000+00:00",
            "ended_at": "2026-10-01T00:31:00+00:00",
        },
    ]
    for fields in variants:
        created = client.post("/api/v1/episodes", json=episode_body(**fields), headers=patient.headers)
        assert created.status_code == 201

        read = client.get(f"/api/v1/episodes/{created.json['id']}", headers=patient.headers)

        assert created.json == read.json
        assert created.headers["ETag"] == read.headers["ETag"]


def test_sync_writes_each_episode_as_the_schema_does(app, client, patient):
    _keep_diary(client, patient)
    pushed = [new_episode(**fields) for fields in VARIANTS]
    for result in push_ok(client, patient, *pushed):
        # A push answers with the record as it stored it (in UTC) ...
        assert (
            result["record"]["data"]
            == client.get(f"/api/v1/episodes/{result['record']['id']}", headers=patient.headers).json
        )

    # ... and a pull with every episode as the schema writes it.
    changes, _ = pull_to_end(client, patient)
    pulled = {change["id"]: change["data"] for change in changes if change["entity"] == "episode"}
    expected = {episode["id"]: episode for episode in _as_the_schema_writes_it(app, limit=100)}
    assert pulled == expected
    assert len(pulled) == len(VARIANTS) * 4


def test_a_page_is_read_off_the_diary_index_not_sorted_from_the_whole_diary(tmp_path):
    # Planned by SQLite on the models' schema, whichever database the suite runs on.
    engine = create_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    db.metadata.create_all(engine)
    page, _ = _statements("sqlite", first_night=False, last_night=False)
    compiled = page.compile(dialect=engine.dialect)
    parameters = [uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex, 50, 0]
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(parameters)).all()
    steps = [step[-1] for step in plan]

    # The page's ids come off the index in the diary's order; no step reads the whole table.
    assert "SEARCH episodes USING INDEX ix_episodes_diary (patient_id=?)" in steps
    assert not any(step.startswith("SCAN episodes") for step in steps)
    # The only sort left orders the page's own 50 rows, after the join.
    assert steps[-1] == "USE TEMP B-TREE FOR ORDER BY"
    assert sum("TEMP B-TREE" in step for step in steps) == 1
    engine.dispose()
