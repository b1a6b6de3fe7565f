"""Warning signs that don't bury the plan: with seven signs, Today shows a new urgent one open and
the rest behind one line, the plan above the fold at 360x740; "I've seen this" folds a sign to a
line with its date, offline too, and the mark reaches the server; a clinician's review reaches the
patient with the reviewer's name and note."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.browser import (
    axe_violations,
    new_email,
    sign_up,
    wait_for_service_worker,
    wait_until_synced,
)
from tests.support.workspace import diary_cramp

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def seven_signs(api) -> None:
    api.patch("/me", {"conditions": ["diabetes"]})
    api.post(
        "/care-plan/items",
        {"category": "stretching", "title": "Stretch calves before bed", "schedule": "bedtime"},
    )
    for body in (
        diary_cramp(1, symptoms=["swelling"]),  # urgent
        diary_cramp(2, severity=9),  # severe, nothing helped
        diary_cramp(3, minutes=14),  # long
        diary_cramp(4, symptoms=["numbness"]),
        diary_cramp(5, symptoms=["difficulty_walking"]),
    ):
        api.post("/episodes", body)  # five in a week: frequent as well


def test_today_keeps_the_plan_in_view_and_a_seen_sign_folds(page, api, artifacts_dir):
    page.set_viewport_size(PHONE)
    email = sign_up(page)
    wait_for_service_worker(page)
    server = api(email)
    seven_signs(server)
    assert len(server.get("/warnings")) == 7
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)

    page.goto("/#/today")
    urgent = page.locator(".warnings-today > .warning-urgent")
    urgent.wait_for()
    plan_top = page.locator("#plan-title").bounding_box()["y"]
    page.screenshot(path=artifacts_dir / "today-seven-signs.png")
    assert plan_top < PHONE["height"], f"the plan starts at {plan_top}px"
    assert "6 other warning signs, 6 new" in page.locator(".warnings-summary > summary").inner_text()
    assert "The cramp:" in urgent.inner_text()
    assert axe_violations(page) == []

    page.context.set_offline(True)
    urgent.get_by_role("button", name="I’ve seen this").click()
    summary = page.locator(".warnings-summary > summary")
    summary_says = "() => document.querySelector('.warnings-summary > summary')?.textContent"
    page.wait_for_function(f"{summary_says}.startsWith('7 warning signs, 6 new')")
    assert page.locator(".urgent-notice").count() == 0
    summary.click()
    folded = page.locator(".warning-seen.warning-urgent")
    folded.wait_for()
    assert "Seen" in folded.locator("summary").inner_text()
    page.context.set_offline(False)
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)
    (swelling,) = [sign for sign in server.get("/warnings") if sign["code"] == "swelling_redness"]
    assert swelling["acknowledged_at"] is not None
    page.screenshot(path=artifacts_dir / "today-sign-seen.png", full_page=True)


def test_a_clinicians_review_reaches_the_patient(new_context, api, artifacts_dir):
    phone, desk = new_context(bypass_csp=True), new_context(bypass_csp=True)
    patient, clinician = phone.new_page(), desk.new_page()
    patient.set_viewport_size(PHONE)
    email = sign_up(patient)
    server = api(email)
    server.post("/episodes", diary_cramp(1, symptoms=["swelling"]))
    code = server.post("/shares/invites", {"permission": "view"})["code"]
    sign_up(clinician, role="clinician", email=new_email("clinician"))
    clinician.set_viewport_size({"width": 1280, "height": 800})
    clinician.goto(f"/#/care-team/accept?code={code}")
    clinician.get_by_role("button", name="Add patient").click()
    clinician.get_by_role("heading", level=2, name="Warning signs").wait_for()

    sign = clinician.locator(".warning-urgent")
    sign.get_by_label("Note for the patient (optional)").fill("Seen at the visit: no clot.")
    sign.get_by_role("button", name="Mark as reviewed").click()
    sign.get_by_text("Reviewed by Dr Test").wait_for()
    clinician.screenshot(path=artifacts_dir / "patient-sign-reviewed.png", full_page=True)
    assert axe_violations(clinician) == []

    patient.get_by_role("button", name="Sync now").click()
    wait_until_synced(patient)
    patient.goto("/#/today")
    patient.get_by_text("Reviewed by Dr Test").first.wait_for()
    assert "Seen at the visit: no clot." in patient.locator(".warnings-today").inner_text()


def test_today_says_when_the_phones_clock_looks_wrong(page, artifacts_dir):
    page.clock.install(time=datetime.now(UTC) + timedelta(hours=3))
    page.set_viewport_size(PHONE)
    sign_up(page)
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)

    page.goto("/#/today")

    notice = page.locator(".clock-notice")
    notice.wait_for()
    assert "This device's clock looks about 3 hours ahead" in notice.inner_text()
    page.screenshot(path=artifacts_dir / "today-clock-wrong.png")
