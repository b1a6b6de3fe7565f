"""Who may call what: decorators for views."""

from functools import wraps

from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort

from .tokens import signed_in

# Never registered: lends its documentation decorators to the role checks below.
_docs = Blueprint("access", __name__)


def role_required(role: str, message: str):
    def decorator(view):
        @wraps(view)
        @jwt_required()
        def wrapper(*args, **kwargs):
            # The session's role, not the user row: a role check costs no query.
            if signed_in().role != role:
                abort(403, message=message)
            return view(*args, **kwargs)

        # The OpenAPI document names the 403 that every such view can answer.
        return _docs.alt_response(403, description=message)(wrapper)

    return decorator


patient_required = role_required("patient", "Only a patient's own account can do this.")
clinician_required = role_required("clinician", "Only clinicians can do this.")
