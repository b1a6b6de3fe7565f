from sqlalchemy import text

from ..blueprint import Blueprint
from ..careplan.starters import STARTER_ITEMS
from ..extensions import db
from ..reference.vocabulary import VOCABULARIES

blp = Blueprint("system", __name__, url_prefix="/api/v1", description="Reference data and health")

REFERENCE = {
    "vocabularies": {
        name: [{"code": code, "label": label} for code, label in vocabulary.items()]
        for name, vocabulary in VOCABULARIES.items()
    },
    "care_plan_starters": STARTER_ITEMS,
}


@blp.route("/reference", methods=["GET"])
@blp.response(200)
@blp.doc(security=[])
def reference():
    """Every vocabulary the app renders, with its labels, and the one-tap care-plan starters"""
    return REFERENCE, 200, {"Cache-Control": "public, max-age=3600"}


@blp.route("/health", methods=["GET"])
@blp.response(200)
@blp.alt_response(503, description="The database does not answer.")
@blp.doc(security=[])
def health():
    """Is the service up and its database reachable?"""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
