from flask import request
from flask_jwt_extended import current_user
from flask_smorest import abort

from ..auth.access import patient_required
from ..blueprint import Blueprint
from ..changes import record_deletion
from ..conditional import not_modified_since_last_change
from ..extensions import db
from ..records import get_live_or_404, version_header
from ..validation import expected_version, parse_path_date
from .models import CarePlanItem
from .schemas import (
    ITEM_EXAMPLE,
    CarePlanItemCreateSchema,
    CarePlanItemSchema,
    CarePlanItemUpdateSchema,
    CarePlanSchema,
    CheckQuerySchema,
    CheckSchema,
    CheckWriteSchema,
)
from .service import (
    check_for,
    checks_in_window,
    create_item,
    plan_items_query,
    put_check,
    update_item,
    validate_check_day,
)

blp = Blueprint("careplan", __name__, url_prefix="/api/v1/care-plan", description="My care plan")


@blp.route("", methods=["GET"])
@patient_required
@not_modified_since_last_change
@blp.response(200, CarePlanSchema)
def get_care_plan():
    """My care plan: every item that is not deleted"""
    return {
        "patient_id": current_user.id,
        "items": db.session.scalars(plan_items_query(current_user.id)).all(),
    }


@blp.route("/items", methods=["POST"])
@patient_required
@blp.arguments(CarePlanItemCreateSchema, example=ITEM_EXAMPLE)
@blp.response(201, CarePlanItemSchema)
@blp.alt_response(
    200, schema=CarePlanItemSchema, description="An item with this id existed; it is returned unchanged."
)
def add_item(data):
    """Add an item to my plan; repeating the request with the same id is safe"""
    item, created = create_item(current_user, current_user, data)
    db.session.commit()
    return item, 201 if created else 200, version_header(item)


@blp.route("/items/<uuid:item_id>", methods=["GET"])
@patient_required
@blp.response(200, CarePlanItemSchema)
@blp.alt_response(404, description="No such item in my plan.")
def get_item(item_id):
    """Read one item"""
    item = get_live_or_404(CarePlanItem, current_user.id, item_id)
    return item, 200, version_header(item)


@blp.route("/items/<uuid:item_id>", methods=["PATCH"])
@patient_required
@blp.arguments(CarePlanItemUpdateSchema(partial=True), example={"version": 3, "status": "paused"})
@blp.response(200, CarePlanItemSchema)
@blp.alt_response(403, description="The item's title, instructions and schedule are its author's.")
@blp.alt_response(404, description="No such item in my plan.")
@blp.alt_response(409, description="The item changed since `version` / `If-Match`.")
def edit_item(data, item_id):
    """Edit an item (pause or stop it with `status`)"""
    item = get_live_or_404(CarePlanItem, current_user.id, item_id, for_change=True)
    expected = expected_version(data.pop("version", None), request.headers.get("If-Match"))
    update_item(item, data, by=current_user, patient=current_user, expected_version=expected)
    db.session.commit()
    return item, 200, version_header(item)


@blp.route("/items/<uuid:item_id>", methods=["DELETE"])
@patient_required
@blp.response(204)
@blp.alt_response(404, description="No such item in my plan.")
def delete_item(item_id):
    """Remove an item from my plan"""
    record_deletion(get_live_or_404(CarePlanItem, current_user.id, item_id, for_change=True))
    db.session.commit()


@blp.route("/items/<uuid:item_id>/checks/<day>", methods=["PUT"])
@patient_required
@blp.arguments(CheckWriteSchema, example={"done": True, "note": "Did it before reading."})
@blp.response(200, CheckSchema)
@blp.alt_response(201, schema=CheckSchema, description="The day's first check for this item.")
@blp.alt_response(404, description="No such item in my plan.")
def put_item_check(data, item_id, day):
    """Tick an item for a day (done or skipped); one check per item per day"""
    item = get_live_or_404(CarePlanItem, current_user.id, item_id, for_change=True)
    date = parse_path_date(day)
    validate_check_day(current_user, date)
    check, created = put_check(item, date, data, check_id=data.get("id"))
    db.session.commit()
    return check, 201 if created else 200


@blp.route("/items/<uuid:item_id>/checks/<day>", methods=["DELETE"])
@patient_required
@blp.response(204)
@blp.alt_response(404, description="No such item or no check that day.")
def delete_item_check(item_id, day):
    """Clear an item's check for a day"""
    item = get_live_or_404(CarePlanItem, current_user.id, item_id, for_change=True)
    check = check_for(item, parse_path_date(day))
    if check is None or check.is_deleted:
        abort(404, message="Not found.")
    record_deletion(check)
    db.session.commit()


@blp.route("/checks", methods=["GET"])
@patient_required
@blp.arguments(CheckQuerySchema, location="query", as_kwargs=True)
@blp.response(200, CheckSchema(many=True))
def list_checks(from_=None, to=None):
    """My checks between two days (default: the last two weeks)"""
    return checks_in_window(current_user, from_, to)
