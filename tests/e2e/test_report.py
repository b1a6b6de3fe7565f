"""The visit report from the app: the patient's "Report for my appointment" on Trends and the
clinician's "Download report" on the patient's page each download a PDF of the diary."""

import pytest
import requests

from tests.support.browser import log_cramp, new_email, sign_up, wait_for_service_worker, wait_until_synced
from tests.support.reports import pdf_pages

pytestmark = pytest.mark.browser


def share_with(api, patient_email: str, clinician_email: str) -> str:
    """The patient invites and the clinician redeems the code, through the API; the patient's id."""
    patient, clinician = api(patient_email), api(clinician_email)
    invite = requests.post(
        f"{patient.base_url}/shares/invites", json={"permission": "view"}, headers=patient.headers, timeout=10
    )
    invite.raise_for_status()
    accepted = requests.post(
        f"{clinician.base_url}/shares/accept",
        json={"code": invite.json()["code"]},
        headers=clinician.headers,
        timeout=10,
    )
    accepted.raise_for_status()
    return patient.get("/me")["id"]


def test_patient_and_clinician_download_the_visit_report(page, new_context, api, artifacts_dir):
    patient_email = sign_up(page)
    wait_for_service_worker(page)
    log_cramp(page, side="Left", severity=6)
    wait_until_synced(page)

    page.get_by_role("link", name="Trends").click()
    page.get_by_role("heading", level=2, name="For your appointment").wait_for()
    page.get_by_label("Period").select_option(label="Last 3 months")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Report for my appointment").click()
    download = download_info.value
    assert download.suggested_filename.startswith("crampcare-report-")
    saved = artifacts_dir / "report-from-trends.pdf"
    download.save_as(saved)
    [text] = pdf_pages(saved.read_bytes())
    assert "Sam Test" in text and "(91 nights)" in text and "Cramps 1 - -" in text
    page.get_by_text("Your report is in your downloads.").wait_for()
    page.screenshot(path=artifacts_dir / "trends-report.png", full_page=True)

    desk = new_context()
    clinician = desk.new_page()
    clinician_email = new_email("clinician")
    sign_up(clinician, role="clinician", email=clinician_email)
    patient_id = share_with(api, patient_email, clinician_email)
    clinician.goto(f"/#/patients/{patient_id}")
    clinician.get_by_role("heading", level=2, name="Visit report").wait_for()
    with clinician.expect_download() as download_info:
        clinician.get_by_role("button", name="Download report").click()
    saved = artifacts_dir / "report-from-patient-page.pdf"
    download_info.value.save_as(saved)
    [text] = pdf_pages(saved.read_bytes())
    assert "Sam Test" in text and "(28 nights)" in text
    clinician.get_by_text("The report is in your downloads.").wait_for()
    log = api(patient_email).get("/me/access-log")
    assert "Downloaded your visit report" in str(log)
