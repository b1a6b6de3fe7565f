"""Pull against write transactions still open: PostgreSQL row locks on the change counter.

SQLite serialises every write transaction at BEGIN IMMEDIATE, so there a write can't be open
beside another write at all; this race only exists where writers run side by side.
"""

import threading
import uuid
from datetime import timedelta

import pytest

from backend.changes import record_change
from backend.database import utcnow
from backend.episodes.models import Episode
from backend.episodes.service import apply_episode_fields
from backend.extensions import db

from .helpers import new_episode, pull, pull_to_end, push_one

WAIT_SECONDS = 20


@pytest.fixture
def postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs PostgreSQL: SQLite never has two write transactions open at once")


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


@pytest.mark.postgres_only
def test_a_pull_never_skips_a_change_that_commits_later(app, client, patient, postgres_only):
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
    assert pusher.is_alive(), f"the second writer did not wait for the counter lock: {answers}"

    during = pull(client, patient, cursor=cursor).json

    release.set()
    holder.join(WAIT_SECONDS)
    pusher.join(WAIT_SECONDS)
    assert not failures and answers[0]["status"] == "applied"
    assert during["changes"] == []
    after, _ = pull_to_end(client, patient, during["cursor"])
    assert [change["id"] for change in after] == [str(held_id), queued["id"]]
