"""Pull against write transactions still open.

Writers queue on the patient's change counter (a row lock on PostgreSQL, the write lock taken at
BEGIN IMMEDIATE on SQLite) while readers go on with the last committed state; either way a pull
taken meanwhile must not move its cursor past a change that commits later.
"""

import threading
import uuid
from datetime import timedelta

from backend.changes import record_change
from backend.database import utcnow
from backend.episodes.models import Episode
from backend.episodes.service import apply_episode_fields
from backend.extensions import db
from tests.support.sync import new_episode, pull, pull_to_end, push_one

WAIT_SECONDS = 20


def hold_a_write_open(
    app,
    patient_id: str,
    episode_id: uuid.UUID,
    written: threading.Event,
    release: threading.Event,
    failures: list,
) -> None:
    try:
        with app.app_context():
            episode = Episode(id=episode_id, patient_id=uuid.UUID(patient_id))
            apply_episode_fields(episode, {"started_at": utcnow() - timedelta(hours=1)}, "UTC")
            record_change(episode)
            db.session.add(episode)
            db.session.flush()
            written.set()
            if not release.wait(WAIT_SECONDS):
                raise TimeoutError("never released")
            db.session.commit()
    except Exception as error:  # reported by the test thread
        failures.append(error)
        written.set()


def push_in_thread(app, patient, sent: dict, answers: list) -> None:
    try:
        answers.append(push_one(app.test_client(), patient, sent))
    except Exception as error:  # reported by the test thread
        answers.append(error)


def test_a_pull_never_skips_a_change_that_commits_later(app, client, patient):
    push_one(client, patient, new_episode())
    _, cursor = pull_to_end(client, patient)
    held_id, queued = uuid.uuid4(), new_episode()
    written, release, failures, answers = threading.Event(), threading.Event(), [], []
    holder = threading.Thread(
        target=hold_a_write_open, args=(app, patient.id, held_id, written, release, failures)
    )
    holder.start()
    assert written.wait(WAIT_SECONDS) and not failures, failures
    # This push waits for the counter's row lock, which the open transaction holds.
    pusher = threading.Thread(target=push_in_thread, args=(app, patient, queued, answers))
    pusher.start()
    pusher.join(0.5)
    assert pusher.is_alive(), f"the second writer did not wait for the first: {answers}"

    during = pull(client, patient, cursor=cursor).json

    release.set()
    holder.join(WAIT_SECONDS)
    pusher.join(WAIT_SECONDS)
    assert not failures and answers[0]["status"] == "applied"
    assert during["changes"] == []
    after, _ = pull_to_end(client, patient, during["cursor"])
    assert [change["id"] for change in after] == [str(held_id), queued["id"]]
