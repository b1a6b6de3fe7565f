"""Conditional reads: a patient's read whose answer changes only when one of their records does
is answered 304 Not Modified when the client already holds it.

The per-patient change counter is the validator: every write to the patient's records or profile
takes its next number, so an unchanged number means an unchanged answer. The tag also names the
patient and the request's path and query, so one answer's tag never matches another's.
"""

import hashlib
from functools import wraps

from flask import Response, g, make_response, request
from flask_smorest import Blueprint

from .auth.tokens import signed_in
from .changes import ChangeCounter
from .database import connection_for_one_statement
from .extensions import db

# Never registered: lends its documentation decorator, as auth.access does.
_docs = Blueprint("conditional", __name__)
NOT_MODIFIED = "Nothing changed since the ETag sent in If-None-Match."


LAST_CHANGE = db.select(ChangeCounter.last_change_seq).where(
    ChangeCounter.patient_id == db.bindparam("patient_id")
)


def _last_change(connection, patient_id) -> int:
    # On the connection, not through the ORM: this runs before every conditional read.
    return connection.execute(LAST_CHANGE, {"patient_id": patient_id}).scalar_one_or_none() or 0


def changes_tag(patient_id, path: str, last_change_seq: int) -> str:
    scope = hashlib.blake2s(f"{patient_id} {path}".encode(), digest_size=6).hexdigest()
    return f'W/"{last_change_seq}-{scope}"'


def read_last_change_with_the_answer(last_change_seq: int) -> None:
    """For a view under `not_modified_since_the_change_it_reads`: the patient's last change
    number, read in the same statement as the answer."""
    g.last_change_seq_read = last_change_seq


def _conditional(view, read_by_view: bool):
    @wraps(view)
    def wrapper(*args, **kwargs):
        patient_id = signed_in().id
        tag = None
        # Read before the answer, never after: a change committed in between then only makes
        # the tag older than the answer (a needless full answer next time), never newer (which
        # would answer 304 to a client missing that change).
        if request.if_none_match or not read_by_view:
            # A view that reads its answer in one statement of its own (autocommit on PostgreSQL)
            # is asked about in one too: a 304 then costs one round trip, not three.
            connection = connection_for_one_statement() if read_by_view else db.session.connection()
            tag = changes_tag(patient_id, request.full_path, _last_change(connection, patient_id))
            if request.if_none_match.contains_weak(tag.removeprefix("W/").strip('"')):
                return Response(status=304, headers={"ETag": tag, "Cache-Control": "no-store"})
        response = make_response(view(*args, **kwargs))
        read = g.pop("last_change_seq_read", None)
        if response.status_code == 200:
            if read is not None:
                # Read in the same statement as the answer: exactly the answer's tag.
                tag = changes_tag(patient_id, request.full_path, read)
            if tag is not None:
                response.headers["ETag"] = tag
        return response

    return _docs.alt_response(304, description=NOT_MODIFIED)(wrapper)


def not_modified_since_last_change(view):
    """For a signed-in patient's read (place it inside the role check, outside the arguments)."""
    return _conditional(view, read_by_view=False)


def not_modified_since_the_change_it_reads(view):
    """The same, for a view that reads the patient's last change number in the statement that
    reads its answer and hands it over with `read_last_change_with_the_answer`: a plain read then
    costs no query for its ETag."""
    return _conditional(view, read_by_view=True)
