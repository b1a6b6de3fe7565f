"""Real worker processes (`flask reminders run`) against one database, the test run's (SQLite
by default, PostgreSQL with TEST_DATABASE_URL): two at once send each due reminder once, to each
device once. The ledger's UNIQUE constraint and the conditional claims decide, not there being
one worker."""

import os
import signal
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from backend.auth.models import User
from backend.careplan.models import CarePlanItem
from backend.database import utcnow
from backend.extensions import db
from backend.push.models import PENDING, SENT, ReminderSend
from backend.push.schedule import ITEM_WINDOW
from tests.support.factories import item_body
from tests.support.servers import reminders_worker

ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Chatham")


def worker_env(app, receiver, **extra) -> dict:
    env = {
        **os.environ,
        "FLASK_APP": "backend",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "VAPID_PRIVATE_KEY": app.config["VAPID_PRIVATE_KEY"],
        "PUSH_ENDPOINT_ORIGINS": receiver.origin,
        **extra,
    }
    env.pop("TEST_DATABASE_URL", None)
    return env


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-3000:]
    return out


def patients_with_due_reminders(client, make_actor, subscribe, count: int):
    """Patients in several zones, each with two devices and two items whose time came two minutes ago."""
    devices = []
    for index in range(count):
        zone = ZoneInfo(ZONES[index % len(ZONES)])
        patient = make_actor("patient", timezone=zone.key)
        devices += [subscribe(patient), subscribe(patient)]
        local_now = datetime.now(UTC).astimezone(zone)
        at = (local_now - timedelta(minutes=2)).strftime("%H:%M")
        start = (local_now.date() - timedelta(days=1)).isoformat()
        for title in ("Stretch calves", "Drink a glass of water"):
            body = item_body(title=title, reminder_at=at, start_date=start, schedule="daily")
            response = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers)
            assert response.status_code == 201, response.json
    return devices


def test_two_workers_send_each_due_reminder_once(app, client, make_actor, subscribe, receiver, rows):
    devices = patients_with_due_reminders(client, make_actor, subscribe, count=8)
    # And a "Later" per patient waiting to be claimed: conditional UPDATEs decide who sends it.
    with app.app_context():
        now = utcnow()
        rows_ = db.session.execute(
            db.select(CarePlanItem.id, CarePlanItem.patient_id, User.timezone)
            .join(User, User.id == CarePlanItem.patient_id)
            .where(CarePlanItem.title == "Stretch calves")
        ).all()
        for item_id, patient_id, zone in rows_:
            db.session.add(
                ReminderSend(
                    patient_id=patient_id,
                    subject=str(item_id),
                    item_id=item_id,
                    local_date=(now - timedelta(minutes=2)).astimezone(ZoneInfo(zone)).date(),
                    kind="later",
                    due_at=now,
                    expires_at=now + ITEM_WINDOW,
                    status=PENDING,
                    next_attempt_at=now,
                )
            )
        db.session.commit()
        db.session.remove()
    env = worker_env(app, receiver)

    for _ in range(3):
        pair = [reminders_worker(env, "--once"), reminders_worker(env, "--once")]
        for process in pair:
            finished(process)

    assert receiver.errors == []
    per_device = Counter((r.device_id, r.payload["tag"], r.payload["kind"]) for r in receiver.received)
    assert set(per_device.values()) == {1}
    # Each device: its patient's two items, and one "Later".
    assert len(per_device) == len(devices) * 3
    assert Counter(kind for _, _, kind in per_device) == {"item": len(devices) * 2, "later": len(devices)}
    assert {send.status for send in rows(ReminderSend)} == {SENT}


def test_the_worker_loop_sends_and_stops_on_sigterm(app, client, make_actor, subscribe, receiver):
    devices = patients_with_due_reminders(client, make_actor, subscribe, count=1)
    process = reminders_worker(worker_env(app, receiver, REMINDER_POLL_SECONDS="0.2"))
    try:
        deadline = time.monotonic() + 60
        while len(receiver.received) < len(devices) * 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
    out = finished(process)

    assert "checking every 0.2 s" in out and "stopped" in out
    assert sorted(Counter((r.device_id, r.payload["tag"]) for r in receiver.received).values()) == [1] * 4
