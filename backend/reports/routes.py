"""Downloads: the visit report (PDF), the diary and check-offs (CSV) and the record (FHIR R4).

The same rules as the data they hold: a patient downloads their own; a clinician only through an
active share (view is enough), each download written to the patient's access log in the same
transaction, 404 without a share. Read-only patient downloads don't commit; the clinician's
downloads commit their log row.
"""

from flask import Response, current_app
from flask_jwt_extended import current_user

from ..auth.access import clinician_required, patient_required
from ..auth.models import User
from ..blueprint import Blueprint
from ..clinician.routes import NOT_SHARED, access_refused
from ..database import every_request_writes
from ..extensions import db
from ..sharing.access import AccessRefused, read_shared_patient
from .csv_export import checks_csv, episodes_csv
from .fhir import MEDIA_TYPE as FHIR_MEDIA_TYPE
from .fhir import patient_bundle, shares_for_export
from .pdf import render_report
from .period import ReportQuerySchema, report_period
from .visit import visit_report

blp = Blueprint("reports", __name__, url_prefix="/api/v1/me", description="My reports and exports")
clinician_blp = Blueprint(
    "clinician_reports",
    __name__,
    url_prefix="/api/v1/patients",
    description="Clinicians: a shared patient's report and record",
)
# A clinician's download writes its access-log row, so its GET is a write (see database.py).
clinician_blp.before_request(every_request_writes)
clinician_blp.errorhandler(AccessRefused)(access_refused)

BINARY = {"type": "string", "format": "binary"}
PDF_DOC = {
    "schema": BINARY,
    "content_type": "application/pdf",
    "description": "The visit report: key figures against the period before, charts, care plan, "
    "warning signs and medicines, with sources. One page for a month, at most two.",
}
FHIR_DOC = {
    "schema": {"type": "object", "description": "A FHIR R4 Bundle of type collection."},
    "content_type": FHIR_MEDIA_TYPE,
    "description": "Patient, an Observation per cramp (HL7 Symptoms IG shape), MedicationStatements, "
    "the CarePlan and a Consent per share; references resolve inside the Bundle.",
}


def _attachment(body, media_type: str, filename: str) -> Response:
    return Response(
        body, mimetype=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _report_response(patient: User, from_, to) -> Response:
    period = report_period(patient, from_, to)
    pdf = render_report(visit_report(patient, period))
    first, last = period.nights.first, period.nights.last
    return _attachment(pdf, "application/pdf", f"crampcare-report-{first}-to-{last}.pdf")


def _fhir_response(patient: User, shares) -> Response:
    bundle = patient_bundle(patient, shares)
    return _attachment(current_app.json.dumps(bundle), FHIR_MEDIA_TYPE, "crampcare-record.fhir.json")


# --- the patient's own -------------------------------------------------------------------------


@blp.route("/report.pdf", methods=["GET"])
@patient_required
@blp.arguments(ReportQuerySchema, location="query", as_kwargs=True)
@blp.response(200, **PDF_DOC)
def download_my_report(from_=None, to=None):
    """My visit report as a PDF (default: the last 28 nights against the 28 before)"""
    return _report_response(current_user, from_, to)


@blp.route("/export/episodes.csv", methods=["GET"])
@patient_required
@blp.response(200, BINARY, content_type="text/csv", description="One row per cramp; UTF-8 with a BOM.")
def download_my_episodes_csv():
    """My cramp diary as CSV, one row per cramp, for spreadsheets"""
    return _attachment(episodes_csv(current_user), "text/csv", "crampcare-episodes.csv")


@blp.route("/export/checks.csv", methods=["GET"])
@patient_required
@blp.response(200, BINARY, content_type="text/csv", description="One row per check; UTF-8 with a BOM.")
def download_my_checks_csv():
    """My care-plan check-offs as CSV, one row per item and day"""
    return _attachment(checks_csv(current_user), "text/csv", "crampcare-checks.csv")


@blp.route("/export/fhir", methods=["GET"])
@patient_required
@blp.response(200, **FHIR_DOC)
def download_my_fhir():
    """My record as a FHIR R4 Bundle, for a health record system"""
    return _fhir_response(current_user, shares_for_export(current_user))


# --- a clinician's, through a share ------------------------------------------------------------


@clinician_blp.route("/<uuid:patient_id>/report.pdf", methods=["GET"])
@clinician_required
@clinician_blp.arguments(ReportQuerySchema, location="query", as_kwargs=True)
@clinician_blp.response(200, **PDF_DOC)
@clinician_blp.alt_response(404, description=NOT_SHARED)
def download_patient_report(patient_id, from_=None, to=None):
    """A shared patient's visit report as a PDF; the download is in their access log"""
    patient = read_shared_patient(current_user, patient_id, "download_report").patient
    response = _report_response(patient, from_, to)
    db.session.commit()
    return response


@clinician_blp.route("/<uuid:patient_id>/fhir", methods=["GET"])
@clinician_required
@clinician_blp.response(200, **FHIR_DOC)
@clinician_blp.alt_response(404, description=NOT_SHARED)
def download_patient_fhir(patient_id):
    """A shared patient's record as a FHIR R4 Bundle; the download is in their access log"""
    patient = read_shared_patient(current_user, patient_id, "download_fhir").patient
    response = _fhir_response(patient, shares_for_export(patient, current_user))
    db.session.commit()
    return response
