from flask_jwt_extended import current_user

from ..auth.access import patient_required
from ..blueprint import Blueprint
from .schemas import InsightsQuerySchema, InsightsSchema, WarningSchema
from .service import compute_insights, compute_warnings

blp = Blueprint("insights", __name__, url_prefix="/api/v1", description="Warning signs and insights")


@blp.route("/warnings", methods=["GET"])
@patient_required
@blp.response(200, WarningSchema(many=True))
def list_warnings():
    """My warning signs, most serious first, each with the episodes behind it"""
    return compute_warnings(current_user)


@blp.route("/insights", methods=["GET"])
@patient_required
@blp.arguments(InsightsQuerySchema, location="query", as_kwargs=True)
@blp.response(200, InsightsSchema)
def get_insights(days):
    """My trends over the last `days` nights: per week, muscles, triggers, reliefs, adherence"""
    return compute_insights(current_user, days)
