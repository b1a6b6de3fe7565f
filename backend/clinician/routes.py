"""The clinician's side of sharing: shared patients and their data.

Each view authorises through the share on every request and writes one access-log row in the
same transaction as what it reads or changes: reads through `read_shared_patient`, which writes
the row first, writes through `get_shared_patient_or_404` and `log_access`.
"""

from flask import Response, request
from flask_jwt_extended import current_user
from flask_smorest import abort

from ..auth.access import clinician_required
from ..blueprint import Blueprint
from ..careplan.schemas import ITEM_EXAMPLE, CarePlanItemSchema, CheckQuerySchema, CheckSchema
from ..careplan.service import checks_in_window
from ..database import every_request_writes
from ..episodes.diary import diary_page
from ..episodes.schemas import EpisodeQuerySchema, EpisodeSchema
from ..errors import error_response
from ..extensions import db
from ..insights.lifecycle import find_occurrence, review, with_mark
from ..insights.routes import NOT_CURRENT
from ..insights.schemas import InsightsQuerySchema, InsightsSchema, ReviewWriteSchema, WarningSchema
from ..insights.service import CLINICIAN, compute_insights, compute_warnings
from ..records import version_header
from ..sharing.access import (
    AccessRefused,
    get_shared_patient_or_404,
    log_refusal,
    read_all_shared_patients,
    read_shared_patient,
)
from ..validation import expected_version
from .care_plan import add_item, edit_item, plan_with_adherence, remove_item
from .overview import patient_overviews, patient_summary
from .schemas import (
    ClinicianCarePlanSchema,
    ClinicianItemCreateSchema,
    ClinicianItemUpdateSchema,
    PatientOverviewSchema,
    PatientSummarySchema,
)

blp = Blueprint(
    "clinician", __name__, url_prefix="/api/v1/patients", description="Clinicians: shared patients"
)

# Every read of a patient's data writes an access-log row.
blp.before_request(every_request_writes)

NOT_SHARED = "No patient shares this with you."


@blp.errorhandler(AccessRefused)
def access_refused(refusal: AccessRefused):
    # Nothing the request did stands, except the patient's record that it was refused.
    db.session.rollback()
    log_refusal(refusal, current_user)
    db.session.commit()
    return error_response(refusal.status, refusal.message)


CLINICIAN_ITEM_EXAMPLE = {**ITEM_EXAMPLE, "note_for_patient": "Three minutes a night is enough."}


@blp.route("", methods=["GET"])
@clinician_required
@blp.response(200, PatientOverviewSchema(many=True))
def list_patients():
    """Patients who share with me, most serious warning signs first"""
    rows = patient_overviews(read_all_shared_patients(current_user, "view_patient_list"))
    db.session.commit()
    return rows


@blp.route("/<uuid:patient_id>", methods=["GET"])
@clinician_required
@blp.response(200, PatientSummarySchema)
@blp.alt_response(404, description=NOT_SHARED)
def get_patient(patient_id):
    """A shared patient's summary: recent cramps, warning signs, profile"""
    summary = patient_summary(read_shared_patient(current_user, patient_id, "view_summary"))
    db.session.commit()
    return summary


@blp.route("/<uuid:patient_id>/episodes", methods=["GET"])
@clinician_required
@blp.arguments(EpisodeQuerySchema, location="query", as_kwargs=True)
@blp.response(200, EpisodeSchema(many=True))
@blp.paginate(page_size=50, max_page_size=200)
@blp.alt_response(404, description=NOT_SHARED)
def list_patient_episodes(pagination_parameters, patient_id, from_=None, to=None):
    """A shared patient's episodes, newest first; `from` and `to` filter by night"""
    patient = read_shared_patient(current_user, patient_id, "view_episodes").patient
    page = diary_page(
        patient.id, from_, to, pagination_parameters.first_item, pagination_parameters.page_size
    )
    pagination_parameters.item_count = page.total
    db.session.commit()
    # The patient's own diary list, to the letter (EpisodeSchema's form, written by the database).
    return Response(page.body, mimetype="application/json")


@blp.route("/<uuid:patient_id>/care-plan", methods=["GET"])
@clinician_required
@blp.response(200, ClinicianCarePlanSchema)
@blp.alt_response(404, description=NOT_SHARED)
def get_patient_care_plan(patient_id):
    """A shared patient's care plan, each item with its adherence over the last 14 days"""
    patient = read_shared_patient(current_user, patient_id, "view_care_plan").patient
    plan = plan_with_adherence(patient)
    db.session.commit()
    return plan


@blp.route("/<uuid:patient_id>/checks", methods=["GET"])
@clinician_required
@blp.arguments(CheckQuerySchema, location="query", as_kwargs=True)
@blp.response(200, CheckSchema(many=True))
@blp.alt_response(404, description=NOT_SHARED)
def list_patient_checks(patient_id, from_=None, to=None):
    """A shared patient's care-plan checks between two days (default: the last two weeks)"""
    patient = read_shared_patient(current_user, patient_id, "view_checks").patient
    checks = checks_in_window(patient, from_, to)
    db.session.commit()
    return checks


@blp.route("/<uuid:patient_id>/insights", methods=["GET"])
@clinician_required
@blp.arguments(InsightsQuerySchema, location="query", as_kwargs=True)
@blp.response(200, InsightsSchema)
@blp.alt_response(404, description=NOT_SHARED)
def get_patient_insights(patient_id, days):
    """A shared patient's trends over the last `days` days, as the patient sees them"""
    patient = read_shared_patient(current_user, patient_id, "view_insights").patient
    insights = compute_insights(patient, days)
    db.session.commit()
    return insights


@blp.route("/<uuid:patient_id>/warnings", methods=["GET"])
@clinician_required
@blp.response(200, WarningSchema(many=True))
@blp.alt_response(404, description=NOT_SHARED)
def list_patient_warnings(patient_id):
    """A shared patient's active warning signs, each with the episodes behind it"""
    patient = read_shared_patient(current_user, patient_id, "view_warnings").patient
    warnings = compute_warnings(patient, voice=CLINICIAN)
    db.session.commit()
    return warnings


@blp.route("/<uuid:patient_id>/warnings/<occurrence>/review", methods=["PUT"])
@clinician_required
@blp.arguments(ReviewWriteSchema, example={"note": "Seen at the visit on 3 Dec; no sign of a clot."})
@blp.response(200, WarningSchema)
@blp.alt_response(404, description=NOT_SHARED)
def review_patient_warning(data, patient_id, occurrence):
    """Mark a shared patient's warning sign as reviewed, with an optional note they read"""
    patient = read_shared_patient(current_user, patient_id, "review_warning").patient
    warning = find_occurrence(compute_warnings(patient, voice=CLINICIAN), occurrence)
    if warning is None:
        abort(404, message=NOT_CURRENT)
    mark = review(patient, current_user, warning, data.get("note"))
    db.session.commit()
    return with_mark(warning, mark)


@blp.route("/<uuid:patient_id>/care-plan/items", methods=["POST"])
@clinician_required
@blp.arguments(ClinicianItemCreateSchema, example=CLINICIAN_ITEM_EXAMPLE)
@blp.response(201, CarePlanItemSchema)
@blp.alt_response(
    200, schema=CarePlanItemSchema, description="An item with this id existed; it is returned unchanged."
)
@blp.alt_response(403, description="The patient allowed viewing only.")
@blp.alt_response(404, description=NOT_SHARED)
def create_patient_item(data, patient_id):
    """Add an item to a shared patient's plan (needs edit_plan); it syncs to their phone"""
    patient = get_shared_patient_or_404(current_user, patient_id, "create_care_plan_item", need_edit=True)
    item, created = add_item(patient, current_user, data)
    db.session.commit()
    return item, 201 if created else 200, version_header(item)


@blp.route("/<uuid:patient_id>/care-plan/items/<uuid:item_id>", methods=["PATCH"])
@clinician_required
@blp.arguments(
    ClinicianItemUpdateSchema(partial=True),
    example={"version": 2, "note_for_patient": "Keep going; tell me at the next visit how it went."},
)
@blp.response(200, CarePlanItemSchema)
@blp.alt_response(
    403, description="The patient allowed viewing only, or wrote the item's title, instructions and schedule."
)
@blp.alt_response(404, description=NOT_SHARED)
@blp.alt_response(409, description="The item changed since `version` / `If-Match`; `current` holds it.")
def update_patient_item(data, patient_id, item_id):
    """Edit an item of a shared patient's plan (needs edit_plan); send `version` or `If-Match`"""
    patient = get_shared_patient_or_404(current_user, patient_id, "edit_care_plan_item", need_edit=True)
    expected = expected_version(data.pop("version", None), request.headers.get("If-Match"))
    item = edit_item(patient, current_user, item_id, data, expected)
    db.session.commit()
    return item, 200, version_header(item)


@blp.route("/<uuid:patient_id>/care-plan/items/<uuid:item_id>", methods=["DELETE"])
@clinician_required
@blp.response(204)
@blp.alt_response(403, description="The patient allowed viewing only.")
@blp.alt_response(404, description=NOT_SHARED)
def delete_patient_item(patient_id, item_id):
    """Remove an item from a shared patient's plan (needs edit_plan)"""
    patient = get_shared_patient_or_404(current_user, patient_id, "delete_care_plan_item", need_edit=True)
    remove_item(patient, current_user, item_id)
    db.session.commit()
