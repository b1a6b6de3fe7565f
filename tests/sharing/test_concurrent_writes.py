"""A clinician's read writes a log row; it must not fail when another write lands mid-request.

On SQLite a GET runs in a deferred transaction; one that has read cannot then write once another
connection has committed ("database is locked"). The access helpers end the sign-in reads first
so the log row opens a fresh transaction. Here the other write is made to land exactly there.
"""

import uuid

from sqlalchemy import update

import backend.sharing.access as access
from backend.auth.models import User
from backend.database import utcnow
from backend.extensions import db


def test_a_write_committed_during_a_clinicians_read_does_not_break_it(client, patient, viewer, monkeypatch):
    start_writing = access._start_writing

    def another_write_lands_first():
        with db.engine.connect() as connection:
            connection.execute(
                update(User).where(User.id == uuid.UUID(patient.id)).values(updated_at=utcnow())
            )
            connection.commit()
        start_writing()

    monkeypatch.setattr(access, "_start_writing", another_write_lands_first)

    response = client.get(f"/api/v1/patients/{patient.id}/episodes", headers=viewer.headers)

    assert response.status_code == 200
