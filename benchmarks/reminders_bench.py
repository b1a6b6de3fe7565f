"""The reminders worker, measured as it runs: real worker processes, a real local push service.

    python benchmarks/reminders_bench.py

Uses DATABASE_URL (default: a temporary SQLite file), schema by create_all. Prints:
  - delay from a reminder's due time to the push service receiving it: median and worst over
    50 "Later" repeats due at scattered instants, sent by `flask reminders run` (its loop, default
    REMINDER_POLL_SECONDS; the worst is bounded by the poll interval plus one pass), and over 50
    item reminders at whole minutes, as patients set them (the loop also wakes as each minute turns)
  - reminders per second one worker sends to the local receiver (one `--once` pass over 500
    due reminders, first to last arrival; encryption, VAPID and HTTP included)
  - CPU seconds an idle worker uses over 45 s (nothing due, 100 patients with reminders stored)
"""

import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from backend.auth.models import User  # noqa: E402
from backend.careplan.models import CarePlanItem  # noqa: E402
from backend.changes import open_counter  # noqa: E402
from backend.database import utcnow  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.push.models import PENDING, PushSubscription, ReminderSend  # noqa: E402
from backend.push.schedule import ITEM_WINDOW  # noqa: E402
from benchmarks.bench_app import app_on_empty_database  # noqa: E402
from tests.support.push_receiver import PushReceiver, new_vapid_private_key  # noqa: E402
from tests.support.servers import reminders_worker  # noqa: E402

DELAY_REMINDERS, DELAY_SPREAD_SECONDS = 50, 100
THROUGHPUT_REMINDERS = 500
IDLE_SECONDS = 45
PATIENTS, ITEMS_EACH = 100, 5


def populate(app, receiver) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Patients in UTC, each with one device and items whose own reminder is hours away (so only
    the "later" rows the benchmark adds fall due). Returns (patient_id, item_id) pairs."""
    reminder_at = (datetime.now(UTC) + timedelta(hours=8)).time().replace(second=0, microsecond=0)
    pairs = []
    with app.app_context():
        for number in range(PATIENTS):
            user = User(
                email=f"bench{number}@example.test",
                password_hash="-",
                display_name=f"Bench {number}",
                role="patient",
                timezone="UTC",
            )
            db.session.add(user)
            db.session.flush()
            open_counter(user.id)
            subscription = receiver.new_device().subscription
            db.session.add(
                PushSubscription(
                    user_id=user.id,
                    endpoint=subscription["endpoint"],
                    p256dh=subscription["keys"]["p256dh"],
                    auth=subscription["keys"]["auth"],
                )
            )
            for index in range(ITEMS_EACH):
                item = CarePlanItem(
                    patient_id=user.id,
                    author_id=user.id,
                    author_role="patient",
                    category="stretching",
                    title=f"Stretch {index}",
                    schedule="bedtime",
                    reminder_at=reminder_at,
                    status="active",
                    start_date=utcnow().date() - timedelta(days=1),
                )
                db.session.add(item)
                db.session.flush()
                pairs.append((user.id, item.id))
        db.session.commit()
        db.session.remove()
    return pairs


def add_due(app, pairs, due_times: list[datetime]) -> dict[str, float]:
    """A "later" row per (patient, item) due at the given instants; returns {tag: due timestamp}."""
    due_by_tag = {}
    with app.app_context():
        db.session.execute(db.delete(ReminderSend))
        for (patient_id, item_id), due in zip(pairs, due_times, strict=False):
            day = due.date()
            db.session.add(
                ReminderSend(
                    patient_id=patient_id,
                    subject=str(item_id),
                    item_id=item_id,
                    local_date=day,
                    kind="later",
                    due_at=due,
                    expires_at=due + ITEM_WINDOW,
                    status=PENDING,
                    next_attempt_at=due,
                )
            )
            due_by_tag[f"reminder:{item_id}:{day.isoformat()}"] = due.timestamp()
        db.session.commit()
        db.session.remove()
    return due_by_tag


def set_item_reminders(app, pairs, first_minute: datetime) -> dict[str, float]:
    """Half the items remind at `first_minute`, half a minute later (patients are in UTC)."""
    due_by_tag = {}
    with app.app_context():
        for index, (_, item_id) in enumerate(pairs):
            due = first_minute + timedelta(minutes=index % 2)
            db.session.get(CarePlanItem, item_id).reminder_at = due.time()
            due_by_tag[f"reminder:{item_id}:{due.date().isoformat()}"] = due.timestamp()
        db.session.commit()
        db.session.remove()
    return due_by_tag


def wait_for(receiver, count: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while len(receiver.received) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)


def main() -> None:
    app = app_on_empty_database(tempfile.mkdtemp())
    receiver = PushReceiver()
    env = {
        **os.environ,
        "FLASK_APP": "backend",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "VAPID_PRIVATE_KEY": new_vapid_private_key(),
        "PUSH_ENDPOINT_ORIGINS": receiver.origin,
    }
    pairs = populate(app, receiver)
    poll = float(env.get("REMINDER_POLL_SECONDS", app.config["REMINDER_POLL_SECONDS"]))

    # 1. Delay, with the worker's loop: reminders due at scattered instants over 100 s.
    loop = reminders_worker(env)
    start = utcnow() + timedelta(seconds=5)
    random.seed(14)
    due_times = [
        start + timedelta(seconds=random.uniform(0, DELAY_SPREAD_SECONDS)) for _ in range(DELAY_REMINDERS)
    ]
    due_by_tag = add_due(app, random.sample(pairs, DELAY_REMINDERS), due_times)
    wait_for(receiver, DELAY_REMINDERS, DELAY_SPREAD_SECONDS + 5 + 2 * poll + 30)
    stop(loop)
    delays = sorted(r.arrived - due_by_tag[r.payload["tag"]] for r in receiver.received)
    assert len(delays) == DELAY_REMINDERS and not receiver.errors, (len(delays), receiver.errors[:3])
    print(f"delay from due to received, {DELAY_REMINDERS} reminders, poll every {poll:g} s:")
    print(f"  median {statistics.median(delays):.1f} s, worst {delays[-1]:.1f} s, best {delays[0]:.2f} s")

    # 1b. Item reminders as patients set them, at whole minutes: 25 at each of the next two.
    received_before = len(receiver.received)
    loop = reminders_worker(env)
    first_minute = (utcnow() + timedelta(seconds=75)).replace(second=0, microsecond=0)
    due_by_tag = set_item_reminders(app, pairs[:DELAY_REMINDERS], first_minute)
    wait_for(receiver, received_before + DELAY_REMINDERS, (first_minute - utcnow()).total_seconds() + 90)
    stop(loop)
    # Back to hours away, so the passes below send only what they add.
    set_item_reminders(app, pairs[:DELAY_REMINDERS], first_minute + timedelta(hours=8))
    delays = sorted(r.arrived - due_by_tag[r.payload["tag"]] for r in receiver.received[received_before:])
    assert len(delays) == DELAY_REMINDERS, len(delays)
    print(f"delay from due to received, {DELAY_REMINDERS} item reminders at whole minutes:")
    print(f"  median {statistics.median(delays):.1f} s, worst {delays[-1]:.1f} s, best {delays[0]:.2f} s")

    # 2. Throughput: 500 reminders due now, one worker, one pass.
    received_before = len(receiver.received)
    now = utcnow() - timedelta(seconds=1)
    add_due(app, pairs[:THROUGHPUT_REMINDERS], [now] * THROUGHPUT_REMINDERS)
    began = time.time()
    once = reminders_worker(env, "--once")
    out, err = once.communicate(timeout=600)
    ended = time.time()
    batch = receiver.received[received_before:]
    assert len(batch) == THROUGHPUT_REMINDERS and once.returncode == 0, (len(batch), err[-2000:])
    sending = batch[-1].arrived - batch[0].arrived
    print(f"one worker, one pass, {THROUGHPUT_REMINDERS} reminders to the local receiver:")
    print(
        f"  {THROUGHPUT_REMINDERS / sending:.0f} reminders/s (first to last arrival {sending:.1f} s; "
        f"process start to exit {ended - began:.1f} s)"
    )

    # 3. An idle worker: nothing due (every row sent), reminders stored, default poll.
    idle = reminders_worker(env)
    time.sleep(5)  # past start-up and its first pass
    before = cpu_seconds(idle.pid)
    time.sleep(IDLE_SECONDS)
    used = cpu_seconds(idle.pid) - before
    stop(idle)
    stored = PATIENTS * ITEMS_EACH
    print(f"idle worker over {IDLE_SECONDS} s, polling every {poll:g} s, {stored} item reminders stored:")
    print(f"  {used:.2f} CPU s ({100 * used / IDLE_SECONDS:.2f} % of one core)")
    receiver.close()


if __name__ == "__main__":
    main()
