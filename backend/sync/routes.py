from functools import wraps

from flask import current_app, jsonify, request
from flask_jwt_extended import current_user
from flask_smorest import abort

from ..auth.access import patient_required
from ..auth.tokens import signed_in
from ..blueprint import Blueprint
from ..conditional import not_modified_since_last_change
from ..errors import error_response
from ..extensions import db
from .mutations import PushContext
from .pull import needs_profile_number, number_profile, pull_changes
from .push import PushInterrupted, push_batch
from .schemas import PUSH_EXAMPLE, PullPageSchema, PullQuerySchema, PushResultSchema, PushSchema

blp = Blueprint("sync", __name__, url_prefix="/api/v1/sync", description="Offline sync for patient devices")

MAX_MUTATIONS = 100
MAX_PUSH_BYTES = 256 * 1024
TOO_LARGE = f"Send at most {MAX_MUTATIONS} changes and {MAX_PUSH_BYTES // 1024} KB at a time."


def body_at_most(max_bytes: int):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if request.content_length is not None and request.content_length > max_bytes:
                abort(413, message=TOO_LARGE)
            # A body sent without a length is cut off at the same size while it is read.
            request.max_content_length = max_bytes
            return view(*args, **kwargs)

        return wrapper

    return decorator


@blp.route("/push", methods=["POST"])
@patient_required
@body_at_most(MAX_PUSH_BYTES)
@blp.arguments(PushSchema, example=PUSH_EXAMPLE)
@blp.response(200, PushResultSchema)
@blp.alt_response(413, description="More than 100 changes, or a body over 256 KB.")
@blp.alt_response(500, description="A change failed on our side; the ones before it were saved.")
def push(data):
    """Apply my device's queued changes in order; sending a batch again is safe"""
    if len(data["mutations"]) > MAX_MUTATIONS:
        abort(413, message=TOO_LARGE)
    who = signed_in()
    context = PushContext(who.id, who.timezone, data["client_id"], patient=current_user)
    results = push_batch(context, data["mutations"])
    db.session.commit()
    # Already in PushResultSchema's form (records as the REST schemas write them), as pull's are.
    return jsonify({"results": results})


@blp.errorhandler(PushInterrupted)
def push_interrupted(error: PushInterrupted):
    current_app.logger.error("sync push stopped after %d changes", error.saved, exc_info=error.__cause__)
    try:
        error.keep_what_is_done()
        db.session.commit()
    except Exception:
        # Nothing of this batch is kept then, which a resend handles just as well.
        db.session.rollback()
    return error_response(
        500,
        "Something went wrong on our side. Changes before the failed one were saved; send the rest again.",
        saved=error.saved,
    )


@blp.route("/pull", methods=["GET"])
@patient_required
@not_modified_since_last_change
@blp.arguments(PullQuerySchema, location="query", as_kwargs=True)
@blp.response(200, PullPageSchema)
@blp.alt_response(410, description="The cursor is too old to catch up: download everything again.")
def pull(cursor, limit):
    """Changes to my records after `cursor`, in the order they were made"""
    if needs_profile_number(current_user):
        # In a short write transaction of its own before the reads, so on SQLite it takes the
        # write lock as its first statement instead of upgrading a read.
        db.session.commit()
        number_profile(current_user)
        db.session.commit()
    # The changes are already in their wire form (REST output schemas); passing a page of them
    # through the response schema again would only copy them, at a tenth of the pull's time.
    return jsonify(pull_changes(current_user, cursor, limit))
