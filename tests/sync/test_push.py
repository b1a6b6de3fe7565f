"""POST /api/v1/sync/push: statuses, limits, access and failure half-way through a batch."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event, func

from backend.auth.models import User
from backend.database import utcnow
from backend.episodes.models import Episode
from backend.extensions import db
from backend.sync import push as push_module
from backend.sync.batch import BatchState
from backend.sync.log import log_outcome
from backend.sync.models import SyncMutation
from backend.sync.mutations import PushContext, parse_mutation
from backend.sync.purge import purge_tombstones
from tests.support.sync import PUSH, mutation, new_episode, new_item, pull_to_end, push, push_ok, push_one


def episode_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(func.count()).select_from(Episode))


def test_a_new_episode_is_applied_and_returned(client, patient):
    sent = new_episode(severity=8)

    result = push_one(client, patient, sent)

    assert result["mutation_id"] == sent["mutation_id"]
    assert result["status"] == "applied"
    record = result["record"]
    assert (record["entity"], record["id"], record["version"], record["deleted"]) == (
        "episode",
        sent["id"],
        1,
        False,
    )
    assert record["data"]["severity"] == 8
    assert record["data"]["night_of"] == "2026-11-04"


def test_push_needs_a_token(client):
    response = client.post(PUSH, json={"client_id": "a", "mutations": []})

    assert response.status_code == 401
    assert response.json["code"] == 401


def test_clinicians_cannot_push(client, clinician):
    response = push(client, clinician, new_episode())

    assert response.status_code == 403


def test_more_than_100_mutations_is_413(client, patient, app):
    response = push(client, patient, *[new_episode() for _ in range(101)])

    assert response.status_code == 413
    assert response.json["status"] == "Request Entity Too Large"
    assert "100" in response.json["message"]
    assert episode_count(app) == 0


def test_exactly_100_mutations_are_accepted(client, patient):
    results = push_ok(client, patient, *[new_episode() for _ in range(100)])

    assert [result["status"] for result in results] == ["applied"] * 100


def test_a_body_over_256_kb_is_413(client, patient, app):
    response = push(
        client, patient, new_episode(notes="x" * 2000), mutation("episode", padding="y" * 270_000)
    )

    assert response.status_code == 413
    assert response.json["code"] == 413
    assert episode_count(app) == 0


def test_a_repeated_mutation_answers_duplicate_without_a_second_write(client, patient, app):
    sent = new_episode()
    first = push_one(client, patient, sent)

    again = push_one(client, patient, sent)

    assert again["status"] == "duplicate"
    assert again["original_status"] == "applied"
    assert again["record"] == first["record"]
    assert episode_count(app) == 1


def test_a_mutation_repeated_within_one_batch_is_duplicate(client, patient):
    sent = new_episode()

    results = push_ok(client, patient, sent, sent)

    assert [result["status"] for result in results] == ["applied", "duplicate"]


def test_a_duplicate_carries_the_record_as_it_is_now(client, patient):
    sent = new_episode()
    push_one(client, patient, sent)
    push_one(client, patient, mutation("episode", sent["id"], base_version=1, severity=2))

    again = push_one(client, patient, sent)

    assert again["record"]["version"] == 2
    assert again["record"]["data"]["severity"] == 2


def test_a_mutation_id_used_by_another_patient_is_rejected_revealing_nothing(client, patient, other_patient):
    sent = new_episode(notes="private")
    push_one(client, other_patient, sent)

    result = push_one(client, patient, sent)

    assert result["status"] == "rejected"
    assert set(result) == {"mutation_id", "status", "errors"}
    assert "private" not in str(result)


def test_invalid_fields_are_rejected_with_field_errors(client, patient):
    result = push_one(client, patient, new_episode(severity=11))

    assert result["status"] == "rejected"
    assert "severity" in result["errors"]
    assert "record" not in result


def test_a_rejected_edit_of_my_record_carries_the_server_copy_to_go_back_to(client, patient):
    created = push_one(client, patient, new_episode(severity=4))
    episode_id = created["record"]["id"]

    result = push_one(client, patient, mutation("episode", episode_id, base_version=1, severity=11))

    assert result["status"] == "rejected"
    assert result["record"]["id"] == episode_id
    assert result["record"]["data"]["severity"] == 4
    assert result["record"]["version"] == created["record"]["version"]


def test_unknown_fields_are_rejected(client, patient):
    result = push_one(client, patient, new_episode(colour="red"))

    assert result["status"] == "rejected"
    assert "colour" in result["errors"]


def test_a_rejected_mutation_is_kept_for_review_and_counts_as_done(client, patient, app):
    bad = new_episode(severity=-1)
    push_one(client, patient, bad)

    again = push_one(client, patient, bad)

    assert again["status"] == "duplicate"
    assert again["original_status"] == "rejected"
    assert "severity" in again["errors"]
    with app.app_context():
        logged = db.session.scalar(
            db.select(SyncMutation).filter_by(mutation_id=uuid.UUID(bad["mutation_id"]))
        )
        assert logged.status == "rejected"
        assert logged.fields["severity"] == -1


def test_a_rejected_mutation_does_not_stop_the_ones_after_it(client, patient):
    results = push_ok(client, patient, new_episode(severity=99), new_episode())

    assert [result["status"] for result in results] == ["rejected", "applied"]


@pytest.mark.parametrize(
    "envelope",
    [
        {"entity": "diary"},
        {"op": "patch"},
        {"base_version": "2"},
        {"fields": ["severity"]},
        {"id": None},
    ],
)
def test_a_malformed_mutation_is_rejected_alone(client, patient, envelope):
    results = push_ok(client, patient, {**new_episode(), **envelope}, new_episode())

    assert results[0]["status"] == "rejected"
    assert set(results[0]["errors"]) == set(envelope)
    assert results[1]["status"] == "applied"


def test_a_mutation_without_a_mutation_id_fails_the_batch_with_422(client, patient):
    sent = new_episode()
    del sent["mutation_id"]

    response = push(client, patient, sent)

    assert response.status_code == 422
    assert "mutations" in response.json["errors"]


@pytest.mark.parametrize("entity", ["episode", "care_plan_item"])
def test_someone_elses_id_is_rejected_like_a_malformed_id(client, patient, other_patient, entity):
    build = new_episode if entity == "episode" else new_item
    theirs = build()
    push_one(client, other_patient, theirs)

    foreign = push_one(
        client,
        patient,
        mutation(entity, theirs["id"], base_version=1, notes="mine")
        if entity == "episode"
        else mutation(entity, theirs["id"], base_version=1, title="Mine"),
    )
    malformed = push_one(client, patient, {**build(), "id": "not-an-id"})

    assert foreign["status"] == malformed["status"] == "rejected"
    assert foreign["errors"] == malformed["errors"]
    assert "record" not in foreign


def test_deleting_someone_elses_episode_is_rejected_and_leaves_it(client, patient, other_patient, app):
    theirs = new_episode()
    push_one(client, other_patient, theirs)

    result = push_one(client, patient, mutation("episode", theirs["id"], op="delete"))

    assert result["status"] == "rejected"
    with app.app_context():
        assert db.session.get(Episode, uuid.UUID(theirs["id"])).deleted_at is None


def test_a_check_on_someone_elses_item_is_rejected_like_an_unknown_item(client, patient, other_patient):
    theirs = new_item()
    push_one(client, other_patient, theirs)

    foreign = push_one(client, patient, mutation("check", item_id=theirs["id"], date="2026-01-05", done=True))
    unknown = push_one(
        client, patient, mutation("check", item_id=str(uuid.uuid4()), date="2026-01-05", done=True)
    )

    assert foreign["status"] == unknown["status"] == "rejected"
    assert foreign["errors"] == unknown["errors"]


def test_someone_elses_profile_is_rejected_like_a_malformed_id(client, patient, other_patient):
    foreign = push_one(client, patient, mutation("profile", other_patient.id, display_name="Mallory"))
    malformed = push_one(client, patient, mutation("profile", "nope", display_name="Mallory"))

    assert foreign["status"] == malformed["status"] == "rejected"
    assert foreign["errors"] == malformed["errors"]


def test_the_same_new_id_twice_makes_one_record(client, patient, app):
    first = new_episode()
    second = {**new_episode(), "id": first["id"]}

    results = push_ok(client, patient, first, second)

    assert [result["status"] for result in results] == ["applied", "applied"]
    assert episode_count(app) == 1


def test_pushed_changes_come_back_in_pulls(client, patient):
    episode, item = new_episode(), new_item()
    push_ok(client, patient, episode, item)

    changes, _ = pull_to_end(client, patient)

    assert [(change["entity"], change["id"]) for change in changes if change["entity"] != "profile"] == [
        ("episode", episode["id"]),
        ("care_plan_item", item["id"]),
    ]


def test_a_server_error_keeps_earlier_changes_and_a_resend_is_safe(client, patient, app, monkeypatch):
    batch = [new_episode(), new_episode(), new_episode()]
    real_apply = push_module.apply_mutation

    def failing_on_the_second(context, one):
        if str(one.mutation_id) == batch[1]["mutation_id"]:
            raise RuntimeError("disk on fire")
        return real_apply(context, one)

    monkeypatch.setattr(push_module, "apply_mutation", failing_on_the_second)
    response = push(client, patient, *batch)

    assert response.status_code == 500
    assert response.json["code"] == 500
    assert response.json["saved"] == 1
    with app.app_context():
        assert db.session.get(Episode, uuid.UUID(batch[0]["id"])) is not None
        assert db.session.get(Episode, uuid.UUID(batch[2]["id"])) is None

    monkeypatch.setattr(push_module, "apply_mutation", real_apply)
    results = push_ok(client, patient, *batch)
    assert [result["status"] for result in results] == ["duplicate", "applied", "applied"]
    assert episode_count(app) == 3


def test_a_twin_request_that_saved_first_makes_this_one_a_duplicate(client, patient, app, monkeypatch):
    sent = new_episode()
    real_load = BatchState.load

    def load_then_let_the_twin_save(cls, patient_id, mutations):
        batch = real_load(patient_id, mutations)
        patient_user = db.session.get(User, patient_id)
        # Stands in for the same batch sent again on another connection and saved between this
        # request's look-ups and its write.
        twin = PushContext(patient_user.id, patient_user.timezone, "device-a", patient_user)
        one = parse_mutation(mutations[0])
        with db.session.begin_nested():
            outcome = push_module.apply_mutation(twin, one)
        log_outcome(twin, one, outcome)
        twin.batch.write_log()
        db.session.expunge(outcome.record)
        return batch

    monkeypatch.setattr(BatchState, "load", classmethod(load_then_let_the_twin_save))
    result = push_one(client, patient, sent)

    assert (result["status"], result["original_status"]) == ("duplicate", "applied")
    assert episode_count(app) == 1


def test_a_repeated_create_of_a_purged_record_answers_with_its_deletion(client, patient, app):
    sent = new_episode()
    push_ok(client, patient, sent, mutation("episode", sent["id"], op="delete"))
    with app.app_context():
        purge_tombstones(utcnow() + timedelta(seconds=1))
        db.session.commit()

    again = push_one(client, patient, sent)

    assert again["status"] == "duplicate"
    assert (again["record"]["deleted"], again["record"]["data"]) == (True, None)
    assert episode_count(app) == 0


def test_a_batch_takes_its_change_numbers_in_one_statement(app, client, patient):
    counter_updates = []

    def count(connection, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE CHANGE_COUNTERS"):
            counter_updates.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    try:
        results = push_ok(client, patient, *[new_episode() for _ in range(10)])
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", count)

    assert [result["status"] for result in results] == ["applied"] * 10
    assert len(counter_updates) == 1
    changes, _ = pull_to_end(client, patient)
    assert len([change for change in changes if change["entity"] == "episode"]) == 10
