"""How pushed changes meet changes made elsewhere: merges, conflicts, deletes and protected fields."""

import uuid

from backend.episodes.models import Episode, EpisodeRevision
from backend.extensions import db
from tests.support.care_team import clinician_edit, clinician_item
from tests.support.sync import (
    mutation,
    new_episode,
    new_item,
    push_ok,
    push_one,
)


def patch_episode(client, patient, episode_id, **fields) -> dict:
    response = client.patch(f"/api/v1/episodes/{episode_id}", json=fields, headers=patient.headers)
    assert response.status_code == 200, response.json
    return response.json


def created_episode(client, patient, **fields) -> dict:
    sent = new_episode(**fields)
    push_one(client, patient, sent)
    return sent


def revisions(app, episode_id, source="write") -> list[EpisodeRevision]:
    with app.app_context():
        query = db.select(EpisodeRevision).filter_by(episode_id=uuid.UUID(episode_id), source=source)
        return db.session.scalars(query.order_by(EpisodeRevision.version)).all()


def test_an_edit_on_the_current_version_is_applied(client, patient):
    episode = created_episode(client, patient)

    result = push_one(client, patient, mutation("episode", episode["id"], base_version=1, severity=3))

    assert result["status"] == "applied"
    assert result["record"]["version"] == 2
    assert result["record"]["data"]["severity"] == 3


def test_edits_of_different_fields_merge(client, patient):
    episode = created_episode(client, patient, severity=6, notes="")
    patch_episode(client, patient, episode["id"], notes="Calf, after a long walk.")

    result = push_one(client, patient, mutation("episode", episode["id"], base_version=1, severity=9))

    assert result["status"] == "merged"
    assert result["record"]["data"]["severity"] == 9
    assert result["record"]["data"]["notes"] == "Calf, after a long walk."


def test_the_same_field_changed_on_both_sides_keeps_the_servers_value(client, patient):
    episode = created_episode(client, patient, severity=6)
    patch_episode(client, patient, episode["id"], severity=4)

    result = push_one(client, patient, mutation("episode", episode["id"], base_version=1, severity=9))

    assert result["status"] == "conflict"
    assert result["record"]["data"]["severity"] == 4
    assert result["record"]["version"] == 2


def test_the_losing_value_is_kept_in_a_revision(client, patient, app):
    episode = created_episode(client, patient, severity=6)
    patch_episode(client, patient, episode["id"], severity=4)

    push_one(
        client, patient, mutation("episode", episode["id"], base_version=1, severity=9, notes="Woke me.")
    )

    [lost] = revisions(app, episode["id"], "lost_conflict")
    assert lost.snapshot == {"severity": 9}
    assert lost.client_id == "device-a"


def test_the_same_value_on_both_sides_is_no_conflict(client, patient):
    episode = created_episode(client, patient, severity=6)
    patch_episode(client, patient, episode["id"], severity=4)

    result = push_one(client, patient, mutation("episode", episode["id"], base_version=1, severity=4))

    assert result["status"] == "merged"
    assert result["record"]["version"] == 2


def test_a_devices_own_earlier_write_is_not_a_conflict(client, patient):
    episode = created_episode(client, patient)
    first = mutation("episode", episode["id"], base_version=1, notes="Left calf.")
    # Queued after `first` was sent but before its answer came: same base version.
    second = mutation("episode", episode["id"], base_version=1, notes="Left calf, twice.")

    results = push_ok(client, patient, first, second)

    assert [result["status"] for result in results] == ["applied", "applied"]
    assert results[1]["record"]["data"]["notes"] == "Left calf, twice."


def test_another_devices_write_is_a_conflict(client, patient):
    episode = created_episode(client, patient)
    push_one(client, patient, mutation("episode", episode["id"], base_version=1, notes="From the phone."))

    result = push_one(
        client,
        patient,
        mutation("episode", episode["id"], base_version=1, notes="From the tablet."),
        client_id="b",
    )

    assert result["status"] == "conflict"
    assert result["record"]["data"]["notes"] == "From the phone."


def test_times_in_another_offset_are_the_same_time(client, patient):
    episode = created_episode(client, patient, started_at="2026-11-05T03:00:00+00:00")
    patch_episode(client, patient, episode["id"], severity=2)

    result = push_one(
        client,
        patient,
        mutation("episode", episode["id"], base_version=1, started_at="2026-11-05T04:00:00+01:00"),
    )

    assert result["status"] == "merged"
    assert result["record"]["version"] == 2


def test_every_episode_change_writes_a_revision_rest_included(client, patient, app):
    episode = created_episode(client, patient, severity=6)
    patch_episode(client, patient, episode["id"], severity=4)
    client.delete(f"/api/v1/episodes/{episode['id']}", headers=patient.headers)

    written = revisions(app, episode["id"])

    assert [
        (revision.version, revision.snapshot["severity"], revision.snapshot["deleted"])
        for revision in written
    ] == [
        (1, 6, False),
        (2, 4, False),
        (3, 4, True),
    ]


def test_an_edit_of_a_deleted_episode_gets_the_tombstone(client, patient):
    episode = created_episode(client, patient)
    client.delete(f"/api/v1/episodes/{episode['id']}", headers=patient.headers)

    result = push_one(client, patient, mutation("episode", episode["id"], base_version=1, severity=1))

    assert result["status"] == "conflict"
    assert result["record"]["deleted"] is True
    assert result["record"]["data"] is None


def test_a_delete_beats_an_edit_made_elsewhere(client, patient, app):
    episode = created_episode(client, patient)
    patch_episode(client, patient, episode["id"], severity=1)

    result = push_one(client, patient, mutation("episode", episode["id"], op="delete", base_version=1))

    assert result["status"] == "applied"
    assert result["record"]["deleted"] is True
    with app.app_context():
        assert db.session.get(Episode, uuid.UUID(episode["id"])).deleted_at is not None


def test_deleting_an_unknown_episode_is_applied_with_nothing_to_return(client, patient):
    result = push_one(client, patient, mutation("episode", op="delete"))

    assert result["status"] == "applied"
    assert "record" not in result


def test_an_edit_that_makes_the_episode_inconsistent_is_rejected(client, patient):
    episode = created_episode(client, patient, ended_at="2026-11-05T03:02:30+00:00")

    result = push_one(
        client,
        patient,
        mutation("episode", episode["id"], base_version=1, started_at="2026-11-05T04:00:00+00:00"),
    )

    assert result["status"] == "rejected"
    assert "ended_at" in result["errors"]


def test_a_patient_write_to_clinician_fields_is_rejected_with_the_server_copy(
    client, patient, clinician, app
):
    item_id = clinician_item(app, patient, clinician, title="Calf stretch, 3 times", schedule="bedtime")
    clinician_edit(app, item_id, instructions="Hold each for 30 seconds.")

    result = push_one(
        client,
        patient,
        mutation(
            "care_plan_item", item_id, base_version=1, title="My stretch", schedule="daily", status="paused"
        ),
    )

    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"title", "schedule"}
    data = result["record"]["data"]
    assert (data["title"], data["instructions"], data["schedule"], data["status"]) == (
        "Calf stretch, 3 times",
        "Hold each for 30 seconds.",
        "bedtime",
        "active",
    )


def test_a_patient_may_pause_a_clinician_item_on_a_stale_version(client, patient, clinician, app):
    item_id = clinician_item(app, patient, clinician)
    clinician_edit(app, item_id, instructions="Hold each for 30 seconds.")

    result = push_one(client, patient, mutation("care_plan_item", item_id, base_version=1, status="paused"))

    assert result["status"] == "merged"
    assert (result["record"]["data"]["status"], result["record"]["data"]["instructions"]) == (
        "paused",
        "Hold each for 30 seconds.",
    )


def test_a_stale_write_on_the_patients_own_item_merges(client, patient):
    item = new_item(title="Water")
    push_one(client, patient, item)
    push_one(
        client,
        patient,
        mutation("care_plan_item", item["id"], base_version=1, status="paused"),
        client_id="b",
    )

    result = push_one(
        client, patient, mutation("care_plan_item", item["id"], base_version=1, title="More water")
    )

    assert result["status"] == "merged"
    assert (result["record"]["data"]["title"], result["record"]["data"]["status"]) == ("More water", "paused")


def test_an_edit_of_a_deleted_item_gets_the_tombstone(client, patient):
    item = new_item()
    push_one(client, patient, item)
    push_one(client, patient, mutation("care_plan_item", item["id"], op="delete", base_version=1))

    result = push_one(
        client, patient, mutation("care_plan_item", item["id"], base_version=1, status="paused")
    )

    assert result["status"] == "conflict"
    assert result["record"]["deleted"] is True


def tick(item_id, day="2026-01-05", done=True, record_id=None, **fields) -> dict:
    return mutation("check", record_id, item_id=item_id, date=day, done=done, **fields)


def test_two_devices_ticking_the_same_day_make_one_check(client, patient):
    item = new_item()
    push_one(client, patient, item)
    first = push_one(client, patient, tick(item["id"]))
    second_sent = tick(item["id"], done=False, note="Too tired.")

    second = push_one(client, patient, second_sent, client_id="b")

    assert first["status"] == "applied"
    assert second["status"] == "merged"
    assert second["record"]["id"] == first["record"]["id"] != second_sent["id"]
    assert (second["record"]["data"]["done"], second["record"]["data"]["note"]) == (False, "Too tired.")


def test_deleting_a_check_by_its_day_clears_it_whatever_id_the_device_knows(client, patient):
    item = new_item()
    push_one(client, patient, item)
    push_one(client, patient, tick(item["id"]))

    result = push_one(client, patient, mutation("check", op="delete", item_id=item["id"], date="2026-01-05"))

    assert result["status"] == "applied"
    assert result["record"]["deleted"] is True


def test_a_new_tick_after_a_clear_brings_the_day_back(client, patient):
    item = new_item()
    push_one(client, patient, item)
    ticked = push_one(client, patient, tick(item["id"]))
    push_one(client, patient, mutation("check", ticked["record"]["id"], op="delete"))

    result = push_one(client, patient, tick(item["id"], record_id=uuid.uuid4()))

    assert result["record"]["deleted"] is False
    assert result["record"]["id"] == ticked["record"]["id"]


def test_an_edit_of_a_tick_cleared_elsewhere_gets_the_tombstone(client, patient):
    item = new_item()
    push_one(client, patient, item)
    ticked = push_one(client, patient, tick(item["id"]))
    push_one(client, patient, mutation("check", ticked["record"]["id"], op="delete"), client_id="b")

    result = push_one(
        client, patient, tick(item["id"], record_id=ticked["record"]["id"], note="x") | {"base_version": 1}
    )

    assert result["status"] == "conflict"
    assert result["record"]["deleted"] is True


def test_a_tick_on_a_deleted_item_is_rejected(client, patient):
    item = new_item()
    push_one(client, patient, item)
    push_one(client, patient, mutation("care_plan_item", item["id"], op="delete"))

    result = push_one(client, patient, tick(item["id"]))

    assert result["status"] == "rejected"
    assert "item_id" in result["errors"]


def test_a_tick_far_in_the_future_is_rejected(client, patient):
    item = new_item()
    push_one(client, patient, item)

    result = push_one(client, patient, tick(item["id"], day="2099-01-01"))

    assert result["status"] == "rejected"
    assert "date" in result["errors"]


def test_profile_fields_sent_by_a_device_win_field_by_field(client, patient):
    client.patch("/api/v1/me", json={"timezone": "Europe/Paris"}, headers=patient.headers)

    result = push_one(
        client,
        patient,
        mutation("profile", patient.id, base_version=1, display_name="Sam", conditions=["diabetes"]),
    )

    assert result["status"] == "merged"
    data = result["record"]["data"]
    assert (data["display_name"], data["conditions"], data["timezone"]) == (
        "Sam",
        ["diabetes"],
        "Europe/Paris",
    )


def test_two_profile_changes_in_one_batch_are_both_kept(client, patient):
    # The account screen saves the bedtime, then the morning reminder: one batch when offline.
    results = push_ok(
        client,
        patient,
        mutation("profile", patient.id, base_version=1, bedtime="22:30"),
        mutation("profile", patient.id, base_version=1, morning_reminder_at="07:30"),
    )

    assert [result["status"] for result in results] == ["applied", "applied"]
    profile = client.get("/api/v1/me", headers=patient.headers).json
    assert (profile["bedtime"], profile["morning_reminder_at"], profile["version"]) == ("22:30", "07:30", 3)


def test_a_profile_cannot_be_deleted_through_sync(client, patient):
    result = push_one(client, patient, mutation("profile", patient.id, op="delete"))

    assert result["status"] == "rejected"
    assert "op" in result["errors"]


def test_an_edit_of_a_deleted_and_purged_episode_does_not_bring_it_back(client, patient, app):
    from datetime import timedelta

    from backend.database import utcnow
    from backend.sync.purge import purge_tombstones

    episode = created_episode(client, patient)
    push_one(client, patient, mutation("episode", episode["id"], op="delete"))
    with app.app_context():
        purge_tombstones(utcnow() + timedelta(seconds=1))
        db.session.commit()

    result = push_one(
        client,
        patient,
        mutation(
            "episode",
            episode["id"],
            base_version=1,
            **{key: value for key, value in episode["fields"].items()},
        ),
    )

    assert result["status"] == "conflict"
    assert result["record"]["deleted"] is True
    with app.app_context():
        assert db.session.get(Episode, uuid.UUID(episode["id"])) is None


def test_an_episode_after_a_time_zone_change_in_the_same_batch_takes_the_new_zone(client, patient):
    # Travelled and logged a cramp offline: the new zone and the cramp arrive in one batch.
    # 03:30 UTC is 16:30 on 2 October in Auckland (that evening's night), 04:30 on the 2nd in
    # London (still the night of the 1st).
    travelled = mutation("profile", patient.id, base_version=1, timezone="Pacific/Auckland")
    cramp = new_episode(started_at="2026-10-02T03:30:00+00:00", ended_at=None)

    results = push_ok(client, patient, travelled, cramp)

    assert [result["status"] for result in results] == ["applied", "applied"]
    assert results[1]["record"]["data"]["night_of"] == "2026-10-02"


def test_an_episode_before_a_time_zone_change_in_the_same_batch_keeps_the_old_zone(client, patient):
    cramp = new_episode(started_at="2026-10-02T03:30:00+00:00", ended_at=None)
    travelled = mutation("profile", patient.id, base_version=1, timezone="Pacific/Auckland")

    results = push_ok(client, patient, cramp, travelled)

    assert results[0]["record"]["data"]["night_of"] == "2026-10-01"
