"""The care team end to end: a patient invites, a clinician (another browser) redeems the code
from the shared link, reads the patient and adds a care-plan step, which reaches the patient's
phone through sync marked as theirs; the patient stops sharing and the clinician's next look at
the patient finds nothing. axe-core checks the care-team, patients and patient screens."""

import re

import pytest

from tests.support.browser import axe_violations, new_email, sign_up, wait_for_status, wait_until_synced

pytestmark = pytest.mark.browser

NARROWEST = {"width": 320, "height": 640}
PHONE = {"width": 360, "height": 740}
STEP = "Calf stretch before bed"


def accessibility_problems(page, name: str) -> list[str]:
    """axe in the light and the dark theme, and nothing wider than a 320 px screen."""
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for violation in axe_violations(page):
            summary = f"{violation['id']} ({violation['impact']}) {violation['help']}"
            problems.append(f"{name} ({scheme}): {summary}: {violation['nodes']}")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(NARROWEST)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"{name}: {overflow}px wider than a 320px screen")
    page.set_viewport_size(PHONE)
    return problems


def create_code(page, permission: str) -> str:
    page.goto("/#/care-team")
    page.get_by_role("heading", level=1, name="Care team").wait_for()
    page.get_by_text(permission, exact=True).click()
    page.get_by_role("button", name="Create a code").click()
    code = page.locator(".invite-code").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}", code), code
    return code


def test_patient_shares_clinician_edits_plan_patient_revokes(new_context, api, artifacts_dir):
    # axe is injected as a script tag, which the app's CSP (script-src 'self') would refuse.
    phone = new_context(bypass_csp=True, permissions=["clipboard-read", "clipboard-write"])
    desk = new_context(bypass_csp=True)
    patient = phone.new_page()
    clinician = desk.new_page()
    problems = []

    patient_email = sign_up(patient)
    wait_for_status(patient, "^Synced$")
    code = create_code(patient, "View and edit my care plan")
    patient.get_by_role("region", name="Your code").get_by_text("It works once").wait_for()
    waiting = patient.locator("#pending-title + ul li")
    waiting.first.wait_for()
    assert waiting.count() == 1
    problems += accessibility_problems(patient, "care team, code made")

    # No share sheet in desktop Chromium: the button copies the link instead.
    patient.get_by_role("button", name=re.compile("^(Copy link|Share)$")).click()
    link = patient.evaluate("() => navigator.clipboard.readText()")
    assert link.endswith(f"/care-team/accept?code={code}"), link

    sign_up(clinician, role="clinician", email=new_email("clinician"))
    clinician.get_by_text("No patients yet").wait_for()
    problems += accessibility_problems(clinician, "patients, empty")

    # The link the patient sent is a path; the app takes it to its redeem screen.
    clinician.goto(link)
    clinician.get_by_role("heading", level=1, name="Add a patient").wait_for()
    assert clinician.get_by_label("Code from your patient").input_value() == code
    clinician.get_by_role("button", name="Add patient").click()
    clinician.get_by_role("heading", level=1, name="Sam Test").wait_for()
    clinician.get_by_role("heading", level=2, name="Care plan").wait_for()

    clinician.goto("/#/patients")
    clinician.get_by_role("link", name="Sam Test").wait_for()
    assert "You can view and edit the care plan" in clinician.locator(".patient-card").inner_text()
    problems += accessibility_problems(clinician, "patients")

    clinician.get_by_role("link", name="Sam Test").click()
    clinician.get_by_role("heading", level=1, name="Sam Test").wait_for()
    problems += accessibility_problems(clinician, "patient")

    clinician.get_by_role("button", name="Add a step").click()
    clinician.get_by_label("What to do").fill(STEP)
    clinician.get_by_label("Note for the patient (optional)").fill("Three minutes each night is enough.")
    problems += accessibility_problems(clinician, "patient, adding a step")
    clinician.get_by_role("button", name="Add to the plan").click()
    clinician.get_by_role("heading", level=3, name=STEP).wait_for()
    assert "Written by you" in clinician.locator(".plan-item").filter(has_text=STEP).inner_text()

    # The patient's phone gets it through sync, marked as the clinician's.
    patient.goto("/#/plan")
    patient.get_by_role("button", name="Sync now").click()
    wait_until_synced(patient)
    step = patient.locator(".plan-item").filter(has=patient.get_by_role("heading", name=STEP))
    step.wait_for()
    assert "From Dr Test" in step.inner_text()
    assert "Three minutes each night is enough." in step.inner_text()

    # The clinician's words are theirs: the patient reads them and may pause the step.
    patient.get_by_role("link", name=f"Edit: {STEP}").click()
    patient.get_by_text("Dr Test wrote this step. You can pause or stop it").wait_for()
    assert patient.get_by_label("What to do").count() == 0
    patient.screenshot(path=artifacts_dir / "plan-step-from-clinician.png", full_page=True)
    problems += accessibility_problems(patient, "a clinician's step")
    patient.get_by_text("Paused", exact=True).click()
    patient.get_by_role("button", name="Save").click()
    patient.get_by_role("button", name="Sync now").click()
    wait_until_synced(patient)
    server_item = api(patient_email).get("/care-plan")["items"][0]
    assert (server_item["status"], server_item["title"], server_item["author"]["role"]) == (
        "paused",
        STEP,
        "clinician",
    )

    patient.goto("/#/care-team")
    log = patient.locator(".access-log")
    log.get_by_text("Dr Test: Added an item to your care plan").wait_for()
    patient.get_by_role("heading", level=3, name="Dr Test").wait_for()
    patient.get_by_role("button", name="Stop sharing").click()
    problems += accessibility_problems(patient, "care team, confirming stop")
    patient.get_by_role("button", name="Yes, stop sharing").click()
    patient.get_by_text("Nobody can see your data yet.").wait_for()

    clinician.reload()
    clinician.get_by_role("heading", level=1, name="Patient not available").wait_for()
    assert "Sam Test" not in clinician.locator("main").inner_text()
    clinician.goto("/#/patients")
    clinician.get_by_text("No patients yet").wait_for()

    server = api(patient_email)
    assert [share["status"] for share in server.get("/shares")] == ["revoked"]
    assert problems == []


def test_clinician_reapplies_an_edit_after_a_conflict(new_context, api):
    phone = new_context()
    desk = new_context()
    patient = phone.new_page()
    clinician = desk.new_page()

    sign_up(patient)
    code = create_code(patient, "View and edit my care plan")
    clinician_email = sign_up(clinician, role="clinician", email=new_email("clinician"))
    clinician.goto(f"/#/care-team/accept?code={code}")
    clinician.get_by_role("button", name="Add patient").click()
    clinician.get_by_role("button", name="Add a step").click()
    clinician.get_by_label("What to do").fill(STEP)
    clinician.get_by_role("button", name="Add to the plan").click()
    clinician.get_by_role("button", name=f"Change: {STEP}").click()
    clinician.get_by_label("How (optional)").fill("Hold each stretch for 30 seconds.")

    # Meanwhile the same step changes elsewhere (another of the clinician's sessions).
    other_desk = api(clinician_email)
    patient_id = clinician.url.rsplit("/", 1)[-1]
    item = other_desk.get(f"/patients/{patient_id}/care-plan")["items"][0]
    other_desk.patch(
        f"/patients/{patient_id}/care-plan/items/{item['id']}",
        {"version": item["version"], "schedule": "daily"},
    )

    clinician.get_by_role("button", name="Save changes").click()
    conflict = clinician.locator(".conflict")
    conflict.get_by_text("This step changed while you were editing it.").wait_for()
    assert "Every day" in conflict.inner_text()
    clinician.get_by_role("button", name="Apply my changes to it").click()
    clinician.get_by_text("Hold each stretch for 30 seconds.").wait_for()

    stored = other_desk.get(f"/patients/{patient_id}/care-plan")["items"][0]
    assert stored["instructions"] == "Hold each stretch for 30 seconds."
    assert stored["schedule"] == "daily", "re-applying sends only what this clinician changed"


def test_care_team_says_plainly_when_offline(new_context):
    phone = new_context()
    patient = phone.new_page()
    sign_up(patient)
    wait_for_status(patient, "^Synced$")
    phone.set_offline(True)
    patient.goto("/#/care-team")
    patient.get_by_role("heading", level=1, name="Care team").wait_for()
    patient.get_by_text("You are offline. Sharing with your care team needs a connection").wait_for()
    assert not patient.get_by_role("button", name="Create a code").is_visible()
    # The rest of the app still works.
    patient.goto("/#/diary")
    patient.get_by_role("heading", level=1, name="Diary").wait_for()
    phone.set_offline(False)
