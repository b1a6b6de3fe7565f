"""Conditional reads: a patient's read whose answer changes only when one of their records does
is answered 304 Not Modified when the client already holds it.

The per-patient change counter is the validator: every write to the patient's records or profile
takes its next number, so an unchanged number means an unchanged answer. The tag also names the
patient and the request's path and query, so one answer's tag never matches another's.
"""

import hashlib
from functools import wraps

from flask import Response, make_response, request
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from .changes import counter_position

# Never registered: lends its documentation decorator, as auth.access does.
_docs = Blueprint("conditional", __name__)
NOT_MODIFIED = "Nothing changed since the ETag sent in If-None-Match."


def changes_tag(patient_id, path: str) -> str:
    last_change_seq, _ = counter_position(patient_id)
    scope = hashlib.blake2s(f"{patient_id} {path}".encode(), digest_size=6).hexdigest()
    return f'W/"{last_change_seq}-{scope}"'


def not_modified_since_last_change(view):
    """For a signed-in patient's read (place it inside the role check, outside the arguments)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        tag = changes_tag(current_user.id, request.full_path)
        if request.if_none_match.contains_weak(tag.removeprefix("W/").strip('"')):
            return Response(status=304, headers={"ETag": tag, "Cache-Control": "no-store"})
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200:
            response.headers["ETag"] = tag
        return response

    return _docs.alt_response(304, description=NOT_MODIFIED)(wrapper)
