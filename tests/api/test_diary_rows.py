"""The diary list reads rows, not objects, and answers exactly what the episode schema would."""

from datetime import UTC, datetime, timedelta

from backend.episodes.models import Episode
from backend.episodes.schemas import EpisodeSchema
from backend.extensions import db
from tests.support.factories import episode_body


def test_the_diary_list_is_the_schemas_answer_to_the_letter(app, client, patient):
    start = datetime(2026, 10, 1, 2, 30, 15, 250000, tzinfo=UTC)
    variants = [
        {"triggers": ["dehydration", "alcohol", "stress"], "symptoms": ["swelling", "numbness"]},
        {"reliefs": [{"method": "stretching", "effect": "full"}, {"method": "heat", "effect": "some"}]},
        {"ended_at": None, "severity": None, "muscle": None, "side": None, "woke_from_sleep": None},
        {"notes": 'Woke at 3, "both" calves; ünïcode ✓', "severity": 10, "side": "both"},
        {},
    ]
    for n, fields in enumerate(variants * 3):
        at = start + timedelta(days=n, seconds=n)
        times = {"started_at": at.isoformat(), "ended_at": (at + timedelta(seconds=95)).isoformat()}
        body = episode_body(**{**times, **fields})
        assert client.post("/api/v1/episodes", json=body, headers=patient.headers).status_code == 201

    listed = client.get("/api/v1/episodes?page_size=50", headers=patient.headers).json

    with app.app_context():
        episodes = db.session.scalars(
            db.select(Episode).order_by(Episode.started_at.desc(), Episode.id)
        ).all()
        expected = EpisodeSchema(many=True).dump(episodes)
    assert listed == expected
    assert len(listed) == 15


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
