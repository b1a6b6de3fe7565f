"""The reminders worker against a real local push service: each reminder at the patient's local
time (across clock changes too), once per device, never when it is no longer wanted, retried
with backoff on failures and given up at the end of its window. The clock is the pass's `now`."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from backend.push.models import (
    DROPPED,
    GAVE_UP,
    NO_DEVICE,
    SENT,
    PushSubscription,
    ReminderDelivery,
    ReminderSend,
)
from backend.push.schedule import local_instant
from tests.support.accounts import PASSWORD
from tests.support.factories import episode_body, item_body

LONDON = ZoneInfo("Europe/London")
ITEMS = "/api/v1/care-plan/items"


def local(text: str, zone=LONDON) -> datetime:
    """A local wall-clock time as the UTC instant a worker's clock would show."""
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


def add_item(client, patient, **fields) -> dict:
    body = item_body(**{"start_date": "2026-01-01", "reminder_at": "22:00", **fields})
    response = client.post(ITEMS, json=body, headers=patient.headers)
    assert response.status_code == 201, response.json
    return response.json


def test_a_reminder_comes_at_its_local_time_naming_the_item(client, patient, subscribe, worker, receiver):
    device = subscribe(patient)
    item = add_item(client, patient)

    worker(local("2026-11-10 21:59:40"))
    assert receiver.received == []
    worker(local("2026-11-10 22:00:10"))
    worker(local("2026-11-10 22:00:30"))

    (payload,) = receiver.payloads(device)
    assert payload["kind"] == "item" and payload["item_id"] == item["id"]
    assert payload["title"] == "Time for: Stretch calves before bed"
    assert payload["body"] == "Three minutes, both legs. Tap Done when it's done."
    assert payload["date"] == "2026-11-10" and payload["tag"] == f"reminder:{item['id']}:2026-11-10"
    assert payload["url"] == "/#/today"
    assert [action["action"] for action in payload["actions"]] == ["done", "later"]
    assert payload["later_token"]
    assert receiver.errors == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Autumn: 22:00 is 21:00 UTC in summer time (24 Oct), 22:00 UTC after the change (25 Oct).
        (
            ("2026-10-24", datetime(2026, 10, 24, 21, 0, 5, tzinfo=UTC)),
            ("2026-10-25", datetime(2026, 10, 25, 22, 0, 5, tzinfo=UTC)),
        ),
        # Spring: 22:00 UTC on 28 March, 21:00 UTC once summer time began on the 29th.
        (
            ("2026-03-28", datetime(2026, 3, 28, 22, 0, 5, tzinfo=UTC)),
            ("2026-03-29", datetime(2026, 3, 29, 21, 0, 5, tzinfo=UTC)),
        ),
    ],
    ids=["autumn", "spring"],
)
def test_a_22_00_reminder_comes_at_22_00_local_on_both_sides_of_a_clock_change(
    client, patient, subscribe, worker, receiver, before, after
):
    device = subscribe(patient)
    add_item(client, patient)

    for day, instant in (before, after):
        # An hour early by the other side's offset, and just before: nothing yet.
        worker(instant - timedelta(hours=1))
        worker(instant - timedelta(seconds=10))
        assert [p["date"] for p in receiver.payloads(device)].count(day) == 0
        worker(instant)
        assert [p["date"] for p in receiver.payloads(device)].count(day) == 1
        assert instant.astimezone(LONDON).strftime("%H:%M") == "22:00"

    assert [p["date"] for p in receiver.payloads(device)] == [before[0], after[0]]


def test_each_device_of_the_patient_gets_it_once(client, patient, subscribe, worker, receiver):
    phone, laptop = subscribe(patient), subscribe(patient)
    add_item(client, patient)

    for seconds in (5, 25, 45):
        worker(local("2026-11-10 22:00:00") + timedelta(seconds=seconds))

    assert len(receiver.payloads(phone)) == len(receiver.payloads(laptop)) == 1


def test_a_daily_item_reminds_and_other_schedules_do_not(client, patient, subscribe, worker, receiver):
    device = subscribe(patient)
    daily = add_item(client, patient, schedule="daily", reminder_at="09:00")
    # A weekly step has no day or time to remind on: the API refuses one with a reminder time.
    refused = client.post(
        ITEMS, json=item_body(schedule="weekly", reminder_at="09:00"), headers=patient.headers
    )
    assert refused.status_code == 422 and "reminder_at" in refused.json["errors"]
    add_item(client, patient, schedule="weekly", reminder_at=None)

    worker(local("2026-11-10 09:00:05"))

    assert [p["item_id"] for p in receiver.payloads(device)] == [daily["id"]]


@pytest.mark.parametrize("status", ["paused", "stopped"])
def test_a_paused_or_stopped_item_sends_nothing(client, patient, subscribe, worker, receiver, status):
    subscribe(patient)
    item = add_item(client, patient)
    client.patch(f"{ITEMS}/{item['id']}", json={"status": status}, headers=patient.headers)

    worker(local("2026-11-10 22:00:05"))

    assert receiver.attempts == []


def test_a_deleted_item_or_one_outside_its_dates_sends_nothing(client, patient, subscribe, worker, receiver):
    subscribe(patient)
    deleted = add_item(client, patient)
    client.delete(f"{ITEMS}/{deleted['id']}", headers=patient.headers)
    add_item(client, patient, start_date="2026-11-11")
    add_item(client, patient, start_date="2026-01-01", end_date="2026-11-09")

    worker(local("2026-11-10 22:00:05"))

    assert receiver.attempts == []


@pytest.mark.parametrize("done", [True, False], ids=["done", "skipped"])
def test_an_item_ticked_that_day_sends_nothing(client, patient, subscribe, worker, receiver, done):
    device = subscribe(patient)
    item = add_item(client, patient)
    client.put(f"{ITEMS}/{item['id']}/checks/2026-11-10", json={"done": done}, headers=patient.headers)

    worker(local("2026-11-10 22:00:05"))
    worker(local("2026-11-11 22:00:05"))

    # The next day is not ticked: it comes.
    assert [p["date"] for p in receiver.payloads(device)] == ["2026-11-11"]


def test_a_worker_that_was_down_sends_what_is_in_its_window_and_skips_what_is_stale(
    client, patient, subscribe, worker, receiver, rows
):
    device = subscribe(patient)
    add_item(client, patient, reminder_at="22:00")
    late = add_item(client, patient, reminder_at="20:30")

    # Back at 22:40: the 22:00 reminder is 40 minutes old, the 20:30 one past its 2 hours.
    worker(local("2026-11-10 22:40:00"))
    worker(local("2026-11-10 22:40:30"))

    assert [p["title"] for p in receiver.payloads(device)] == ["Time for: Stretch calves before bed"]
    assert late["id"] not in {p["item_id"] for p in receiver.payloads(device)}
    assert len(rows(ReminderSend)) == 1


def test_a_reminder_crossing_midnight_belongs_to_its_evening(client, patient, subscribe, worker, receiver):
    device = subscribe(patient)
    add_item(client, patient, reminder_at="23:45")

    worker(local("2026-11-11 00:15:00"))

    assert [p["date"] for p in receiver.payloads(device)] == ["2026-11-10"]


def test_an_erased_account_is_sent_nothing_and_leaves_nothing(
    client, patient, subscribe, worker, receiver, rows
):
    subscribe(patient)
    add_item(client, patient)
    receiver.fail_with(500)
    worker(local("2026-11-10 22:00:05"))  # one try, a retry pending
    receiver.reset_failures()

    erased = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)
    worker(local("2026-11-10 22:05:00"))

    assert erased.status_code == 204
    assert receiver.received == []
    assert rows(ReminderSend) == [] and rows(PushSubscription) == [] and rows(ReminderDelivery) == []


def test_a_failing_push_service_is_retried_with_backoff_then_given_up(
    client, patient, subscribe, worker, receiver, rows
):
    subscribe(patient)
    add_item(client, patient)
    receiver.fail_with(500)
    due = local("2026-11-10 22:00:00")

    tried_at = []
    for seconds in range(5, int(timedelta(hours=2, minutes=30).total_seconds()), 10):
        before = len(receiver.attempts)
        worker(due + timedelta(seconds=seconds))
        tried_at += [seconds] * (len(receiver.attempts) - before)

    gaps = [later - earlier for earlier, later in zip(tried_at, tried_at[1:], strict=False)]
    # Each wait doubles from 30 s, up to 15 minutes, to the pass after it ends (passes are 10 s apart).
    assert all(gap >= 30 for gap in gaps) and gaps == sorted(gaps)
    assert gaps[:4] == [30, 60, 120, 240] and max(gaps) == 900
    assert tried_at[-1] < 2 * 3600
    (send,) = rows(ReminderSend)
    assert send.status == GAVE_UP and send.attempts == len(tried_at)
    assert receiver.received == []


def test_a_retry_reaches_only_the_devices_that_missed_it(client, patient, subscribe, worker, receiver, rows):
    phone, laptop = subscribe(patient), subscribe(patient)
    add_item(client, patient)
    receiver.fail_with(503, times=1, device=laptop)

    worker(local("2026-11-10 22:00:05"))
    worker(local("2026-11-10 22:00:20"))  # before the backoff: nothing
    worker(local("2026-11-10 22:00:40"))
    worker(local("2026-11-10 22:05:00"))

    assert len(receiver.payloads(phone)) == 1 and len(receiver.payloads(laptop)) == 1
    assert [a.status for a in receiver.attempts if a.device_id == laptop.id] == [503, 201]
    (send,) = rows(ReminderSend)
    assert send.status == SENT and send.attempts == 2
    assert len(rows(ReminderDelivery)) == 2


def test_a_reminder_ticked_while_it_waits_for_a_retry_is_not_sent(
    client, patient, subscribe, worker, receiver
):
    subscribe(patient)
    item = add_item(client, patient)
    receiver.fail_with(500, times=1)
    worker(local("2026-11-10 22:00:05"))

    client.put(f"{ITEMS}/{item['id']}/checks/2026-11-10", json={"done": True}, headers=patient.headers)
    worker(local("2026-11-10 22:01:00"))

    assert receiver.received == [] and len(receiver.attempts) == 1


def test_nothing_is_sent_to_a_patient_without_a_device(client, patient, worker, rows):
    add_item(client, patient)

    worker(local("2026-11-10 22:00:05"))

    assert rows(ReminderSend) == []


def test_an_endpoint_no_longer_allowed_is_not_contacted(
    client, app, patient, subscribe, worker, receiver, monkeypatch
):
    subscribe(patient)
    add_item(client, patient)
    monkeypatch.setitem(app.config, "PUSH_ENDPOINT_ORIGINS", "")

    worker(local("2026-11-10 22:00:05"))

    assert receiver.attempts == []


def add_episode(client, patient, started_at: str, **fields) -> None:
    started = datetime.fromisoformat(started_at)
    body = episode_body(started_at=started.isoformat(), ended_at=(started + timedelta(minutes=2)).isoformat())
    body.update(fields)
    response = client.post("/api/v1/episodes", json=body, headers=patient.headers)
    assert response.status_code == 201, response.json


def test_the_morning_reminder_asks_about_last_nights_cramps_that_lack_details(
    client, patient, make_actor, subscribe, worker, receiver
):
    client.patch("/api/v1/me", json={"morning_reminder_at": "07:30"}, headers=patient.headers)
    device = subscribe(patient)
    # Two quick logs last night (no pain rating), one with every detail, one the night before.
    add_episode(client, patient, "2026-11-09T23:10:00+00:00", severity=None)
    add_episode(client, patient, "2026-11-10T03:40:00+00:00", severity=None, side=None)
    add_episode(client, patient, "2026-11-10T04:40:00+00:00")
    add_episode(client, patient, "2026-11-09T02:00:00+00:00", severity=None)
    complete = make_actor("patient", timezone="Europe/London")
    client.patch("/api/v1/me", json={"morning_reminder_at": "07:30"}, headers=complete.headers)
    complete_device = subscribe(complete)
    add_episode(client, complete, "2026-11-10T03:40:00+00:00")

    worker(local("2026-11-10 07:29:50"))
    worker(local("2026-11-10 07:30:05"))
    worker(local("2026-11-10 08:00:00"))

    (payload,) = receiver.payloads(device)
    assert payload["kind"] == "morning" and payload["title"] == "You logged 2 cramps last night: add details?"
    assert payload["url"] == "/#/diary" and payload["actions"] == [] and payload["item_id"] is None
    assert payload["tag"] == "reminder:morning:2026-11-10" and payload["later_token"] is None
    assert receiver.payloads(complete_device) == []


def test_no_morning_reminder_when_it_is_off(client, patient, subscribe, worker, receiver):
    subscribe(patient)
    add_episode(client, patient, "2026-11-10T03:40:00+00:00", severity=None)

    worker(local("2026-11-10 07:30:05"))

    assert receiver.attempts == []


def test_ids_in_payloads_are_real_items(client, patient, subscribe, worker, receiver, rows):
    subscribe(patient)
    item = add_item(client, patient)
    worker(local("2026-11-10 22:00:05"))
    (send,) = rows(ReminderSend)
    assert send.item_id == uuid.UUID(item["id"]) and send.subject == item["id"] and send.kind == "item"


def test_the_ledger_keeps_a_month(client, patient, subscribe, worker, rows):
    subscribe(patient)
    add_item(client, patient)
    worker(local("2026-11-10 22:00:05"))
    worker(local("2026-11-11 22:00:05"))

    worker(local("2026-12-10 22:30:00"))

    assert sorted(send.local_date.isoformat() for send in rows(ReminderSend)) == ["2026-11-11", "2026-12-10"]


def test_a_time_the_clocks_skip_comes_as_late_as_the_skip_and_a_repeated_time_comes_first():
    spring = local_instant(date(2026, 3, 29), time(1, 30), LONDON)
    autumn = local_instant(date(2026, 10, 25), time(1, 30), LONDON)

    assert spring == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 summer time
    assert spring.astimezone(LONDON).strftime("%H:%M") == "02:30"
    assert autumn == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 01:30, summer time


# 410 and 404: the subscription is gone; 403: it is bound to another VAPID key.
@pytest.mark.parametrize("status", [410, 404, 403])
def test_a_subscription_the_push_service_disowns_is_removed_and_not_tried_again(
    client, patient, subscribe, worker, receiver, rows, status
):
    device = subscribe(patient)
    add_item(client, patient, reminder_at="22:00")
    add_item(client, patient, reminder_at="22:01")
    receiver.fail_with(status, device=device)

    worker(local("2026-11-10 22:00:05"))
    worker(local("2026-11-10 22:01:05"))
    worker(local("2026-11-10 22:05:00"))

    assert [attempt.status for attempt in receiver.attempts] == [status]
    assert rows(PushSubscription) == []
    assert {send.status for send in rows(ReminderSend)} == {NO_DEVICE}


@pytest.mark.parametrize("status", [400, 413])
def test_a_refused_message_is_not_retried_and_the_device_is_kept(
    client, patient, subscribe, worker, receiver, rows, status
):
    phone, laptop = subscribe(patient), subscribe(patient)
    add_item(client, patient)
    receiver.fail_with(status, device=laptop)

    for at in ("22:00:05", "22:00:40", "22:02:00", "22:10:00", "23:00:00"):
        worker(local(f"2026-11-10 {at}"))

    assert [a.status for a in receiver.attempts if a.device_id == laptop.id] == [status]
    assert len(receiver.payloads(phone)) == 1
    assert len(rows(PushSubscription)) == 2
    (send,) = rows(ReminderSend)
    assert send.status == SENT and send.attempts == 1


def test_a_message_refused_by_the_only_device_ends_as_no_device(
    client, patient, subscribe, worker, receiver, rows
):
    subscribe(patient)
    add_item(client, patient)
    receiver.fail_with(400)

    worker(local("2026-11-10 22:00:05"))
    worker(local("2026-11-10 22:01:00"))

    assert [a.status for a in receiver.attempts] == [400]
    (send,) = rows(ReminderSend)
    assert send.status == NO_DEVICE and len(rows(PushSubscription)) == 1


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_push_service_is_retried(client, patient, subscribe, worker, receiver, rows, status):
    device = subscribe(patient)
    add_item(client, patient)
    receiver.fail_with(status, times=1)

    worker(local("2026-11-10 22:00:05"))
    worker(local("2026-11-10 22:01:00"))

    assert [a.status for a in receiver.attempts] == [status, 201]
    assert len(receiver.payloads(device)) == 1
    assert rows(ReminderSend)[0].status == SENT


def test_no_device_reached_is_told_apart_from_no_longer_wanted(
    client, patient, subscribe, worker, receiver, rows
):
    device = subscribe(patient)
    ticked = add_item(client, patient, reminder_at="22:00")
    unreached = add_item(client, patient, reminder_at="22:01")
    # 22:00: the only device fails once, so that row waits for a retry; it is ticked meanwhile.
    receiver.fail_with(500, times=1)
    worker(local("2026-11-10 22:00:05"))
    client.put(f"{ITEMS}/{ticked['id']}/checks/2026-11-10", json={"done": True}, headers=patient.headers)
    # 22:01: the device is gone (410), so the 22:01 reminder reaches no device.
    receiver.fail_with(410, device=device)
    worker(local("2026-11-10 22:01:05"))

    statuses = {str(send.item_id): send.status for send in rows(ReminderSend)}
    assert statuses == {unreached["id"]: NO_DEVICE, ticked["id"]: DROPPED}
    assert NO_DEVICE != DROPPED
