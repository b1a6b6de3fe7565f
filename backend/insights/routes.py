from flask_jwt_extended import current_user
from flask_smorest import abort

from ..auth.access import patient_required
from ..blueprint import Blueprint
from ..extensions import db
from .lifecycle import acknowledge, find_occurrence, with_mark
from .schemas import InsightsQuerySchema, InsightsSchema, WarningSchema
from .service import compute_insights, compute_warnings

NOT_CURRENT = "No such warning sign now. It may have changed with new evidence: load the signs again."

blp = Blueprint("insights", __name__, url_prefix="/api/v1", description="Warning signs and insights")


@blp.route("/warnings", methods=["GET"])
@patient_required
@blp.response(200, WarningSchema(many=True))
def list_warnings():
    """My warning signs, most serious first, each with the episodes behind it"""
    return compute_warnings(current_user)


@blp.route("/warnings/<occurrence>/seen", methods=["PUT"])
@patient_required
@blp.response(200, WarningSchema)
@blp.alt_response(404, description=NOT_CURRENT)
def mark_warning_seen(occurrence):
    """I've seen this warning sign: it folds to one line until new evidence brings it back"""
    warning = find_occurrence(compute_warnings(current_user), occurrence)
    if warning is None:
        abort(404, message=NOT_CURRENT)
    mark = acknowledge(current_user, warning["code"], occurrence, warning["tokens"])
    db.session.commit()
    return with_mark(warning, mark)


@blp.route("/insights", methods=["GET"])
@patient_required
@blp.arguments(InsightsQuerySchema, location="query", as_kwargs=True)
@blp.response(200, InsightsSchema)
def get_insights(days):
    """My trends over the last `days` nights: per week, muscles, triggers, reliefs, adherence"""
    return compute_insights(current_user, days)
