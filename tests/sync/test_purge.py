"""Purging tombstones: what goes, what stays, and the horizon it leaves."""

import uuid
from datetime import timedelta

from backend.careplan.models import CarePlanCheck, CarePlanItem
from backend.changes import counter_position
from backend.database import utcnow
from backend.episodes.models import Episode
from backend.extensions import db
from backend.sync.cli import purge_tombstones_command
from backend.sync.purge import purge_tombstones
from tests.support.sync import mutation, new_episode, new_item, pull_to_end, push_ok, push_one


def horizon(app, actor) -> int:
    with app.app_context():
        return counter_position(uuid.UUID(actor.id))[1]


def test_purge_removes_tombstones_older_than_the_cutoff_only(client, patient, app):
    old, recent, live = new_episode(), new_episode(), new_episode()
    push_ok(client, patient, old, recent, live, mutation("episode", old["id"], op="delete"))
    cutoff = utcnow() + timedelta(seconds=1)
    push_one(client, patient, mutation("episode", recent["id"], op="delete"))
    with app.app_context():
        db.session.get(Episode, uuid.UUID(recent["id"])).deleted_at = cutoff + timedelta(seconds=1)
        db.session.commit()

        assert purge_tombstones(cutoff) == 1
        db.session.commit()

        assert db.session.get(Episode, uuid.UUID(old["id"])) is None
        assert db.session.get(Episode, uuid.UUID(recent["id"])) is not None
        assert db.session.get(Episode, uuid.UUID(live["id"])) is not None


def test_purge_raises_the_horizon_to_the_highest_purged_change(client, patient, other_patient, app):
    episode = new_episode()
    push_one(client, patient, episode)
    deleted = push_one(client, patient, mutation("episode", episode["id"], op="delete"))
    push_one(client, patient, new_episode())
    with app.app_context():
        deleted_seq = db.session.get(Episode, uuid.UUID(episode["id"])).change_seq
        purge_tombstones(utcnow() + timedelta(seconds=1))
        db.session.commit()

    assert deleted["record"]["deleted"] is True
    assert horizon(app, patient) == deleted_seq
    assert horizon(app, other_patient) == 0


def test_purging_a_deleted_item_first_announces_its_checks_are_gone(client, patient, app):
    item = new_item()
    push_one(client, patient, item)
    check = push_one(client, patient, mutation("check", item_id=item["id"], date="2026-01-05", done=True))
    _, cursor = pull_to_end(client, patient)
    push_one(client, patient, mutation("care_plan_item", item["id"], op="delete"))
    with app.app_context():
        purge_tombstones(utcnow() + timedelta(seconds=1))
        db.session.commit()
        assert db.session.get(CarePlanItem, uuid.UUID(item["id"])) is None
        assert db.session.get(CarePlanCheck, uuid.UUID(check["record"]["id"])) is None

    # The device had seen the live check, so only a fresh download can tell it the check is gone.
    assert horizon(app, patient) > cursor


def test_a_deleted_item_with_recent_checks_waits_for_them(client, patient, app):
    item = new_item()
    push_one(client, patient, item)
    push_one(client, patient, mutation("check", item_id=item["id"], date="2026-01-05", done=True))
    push_one(client, patient, mutation("care_plan_item", item["id"], op="delete"))
    with app.app_context():
        db.session.get(CarePlanItem, uuid.UUID(item["id"])).deleted_at = utcnow() - timedelta(days=40)
        db.session.commit()

        purge_tombstones(utcnow() - timedelta(days=30))
        db.session.commit()

        assert db.session.get(CarePlanItem, uuid.UUID(item["id"])) is not None
        [check] = db.session.scalars(db.select(CarePlanCheck)).all()
        assert check.deleted_at is not None


def test_the_cli_command_purges_by_age_in_days(client, patient, app):
    episode = new_episode()
    push_ok(client, patient, episode, mutation("episode", episode["id"], op="delete"))
    with app.app_context():
        db.session.get(Episode, uuid.UUID(episode["id"])).deleted_at = utcnow() - timedelta(days=31)
        db.session.commit()

    result = app.test_cli_runner().invoke(purge_tombstones_command, ["--days", "30"])

    assert result.exit_code == 0, result.output
    assert "Purged 1 " in result.output
    with app.app_context():
        assert db.session.get(Episode, uuid.UUID(episode["id"])) is None
