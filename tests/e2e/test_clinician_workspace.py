"""The clinician's workspace at a desk (1280x800) and on a phone (360x740): the patient list as a
table, sorted and filtered; a patient in two columns with a period that drives the figures and
the full diary, a cramp opened in place with every field; a plan step with a note; the report;
a patient who stopped sharing shown as "access ended on <date>"; axe-core clean at both sizes."""

import re

import pytest
import requests

from tests.support.browser import PASSWORD, axe_violations, log_in
from tests.support.workspace import diary_cramp, register, share_with

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
STEP = "Drink a glass of water at bedtime"


def build_workspace(base_url):
    clinician = register(base_url, "clinician", "Dr Lee")
    ann = register(base_url, "patient", "Ann Example", timezone="Europe/London")
    ann.post("/care-plan/items", {"category": "stretching", "title": "Stretch calves", "schedule": "daily"})
    ann.post(
        "/episodes",
        diary_cramp(
            1,
            severity=8,
            side="right",
            woke_from_sleep=True,
            notes="Woke me at 3, calf like a rock",
            triggers=["dehydration"],
            reliefs=[{"method": "stretching", "effect": "some"}],
            symptoms=["swelling"],
        ),
    )
    for index in range(1, 40):  # older cramps, back over a year
        ann.post("/episodes", diary_cramp(index * 11 + 2, notes=f"Entry {index}"))
    ben = register(base_url, "patient", "Ben Okafor", timezone="America/New_York")
    for days_ago in (2, 3, 9, 20):
        ben.post("/episodes", diary_cramp(days_ago, muscle="foot"))
    cleo = register(base_url, "patient", "Cleo Park")
    share_with(ann, clinician, "edit_plan")
    share_with(ben, clinician)
    share_with(cleo, clinician)
    dora = register(base_url, "patient", "Dora Gone")
    share = share_with(dora, clinician)
    requests.delete(
        f"{dora.base_url}/shares/{share['id']}", headers=dora.headers, timeout=10
    ).raise_for_status()
    return clinician, ann


def log_in_clinician(page, email):
    page.goto("/#/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_role("heading", level=1, name="Patients").wait_for()


def names_in_table(page):
    return page.locator(".patient-table tbody th").all_inner_texts()


def test_a_clinician_works_through_the_list_and_a_patient(new_context, live_server, artifacts_dir):
    clinician, ann = build_workspace(live_server)
    page = new_context(bypass_csp=True, accept_downloads=True).new_page()
    page.set_viewport_size(DESK)
    log_in_clinician(page, clinician.email)

    # The list: a table, most urgent first; sorted by a heading; filtered; searched.
    table = page.locator(".patient-table")
    table.wait_for()
    assert names_in_table(page)[0] == "Ann Example"
    assert "1: 1 urgent" in table.locator("tr", has_text="Ann Example").inner_text()
    page.get_by_text("Dora Gone: access ended on").wait_for()
    page.screenshot(path=artifacts_dir / "workspace-list-1280.png", full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Patient", exact=True).click()
    assert names_in_table(page) == ["Ann Example", "Ben Okafor", "Cleo Park"]
    page.get_by_role("button", name="Patient", exact=True).press("Enter")  # reversed, by keyboard
    assert names_in_table(page) == ["Cleo Park", "Ben Okafor", "Ann Example"]
    assert table.locator("th[aria-sort='descending']").inner_text().startswith("Patient")
    page.get_by_role("button", name=re.compile("^Cramps, 7 days")).click()
    assert names_in_table(page)[0] == "Ben Okafor"
    page.get_by_label("Needs attention only").check()
    assert names_in_table(page) == ["Ann Example"]
    page.get_by_label("Needs attention only").uncheck()
    page.get_by_label("Find by name").fill("okaf")
    assert names_in_table(page) == ["Ben Okafor"]
    page.get_by_label("Find by name").fill("")

    # A patient: two columns, the warning sign beside the diary.
    page.get_by_role("link", name="Ann Example").click()
    page.get_by_role("heading", level=2, name="Cramp diary").wait_for()
    page.get_by_text(re.compile(r"^Cramps 1 to \d+ in the last 4 weeks")).wait_for()
    aside = page.locator(".patient-aside").bounding_box()
    main = page.locator(".patient-main").bounding_box()
    assert main["x"] > aside["x"] + aside["width"] - 1, (aside, main)
    assert page.locator(".diary-list > li").count() == 3  # 1, 13 and 24 days ago
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"patient page height at 1280x800, 4 weeks: {height}px")

    page.get_by_label("12 months").check()
    page.get_by_role("heading", level=2, name="Trends, last 12 months").wait_for()
    page.get_by_text("Cramps 1 to 25 in the last 12 months").wait_for()
    page.get_by_role("button", name="Older cramps").click()
    page.get_by_text(re.compile(r"^Cramps 26 to \d+ in the last 12 months")).wait_for()
    page.get_by_role("button", name="Newer cramps").click()
    page.get_by_text("Cramps 1 to 25 in the last 12 months").wait_for()

    first = page.locator(".diary-entry").first
    assert "Warning sign" in first.locator("summary").inner_text()
    first.locator("summary").click()
    opened = first.inner_text()
    for field in (
        "Woke me at 3, calf like a rock",
        "Not enough to drink",
        "Stretching: helped a bit",
        "Swelling",
        "8 out of 10",
        "Right",
        "Woke them\nYes",
    ):
        assert field in opened, field
    page.screenshot(path=artifacts_dir / "workspace-patient-1280.png", full_page=True)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"patient page height at 1280x800, 12 months, a cramp open: {height}px")
    assert axe_violations(page) == []

    # A plan step with a note for the patient.
    page.get_by_role("button", name="Add a step").click()
    plan = page.get_by_role("region", name="Care plan")
    plan.get_by_label("What to do").fill(STEP)
    plan.get_by_label("Note for the patient (optional)").fill("One glass; more makes you get up at night.")
    page.get_by_role("button", name="Add to the plan").click()
    page.get_by_role("heading", level=3, name=STEP).wait_for()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download report").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_text("The report is in your downloads.").wait_for()

    # The patient's log: the visit is one line; the step and the download are lines of their own.
    log = ann.get("/me/access-log")
    lines = [line["description"] for line in log if line["actor"]["display_name"] == "Dr Lee"]
    visits = [line for line in lines if line.startswith("Looked at your")]
    assert len(visits) == 1, lines
    assert "Added an item to your care plan" in lines and "Downloaded your visit report" in lines
    phone = new_context(bypass_csp=True).new_page()
    phone.set_viewport_size(PHONE)
    log_in(phone, ann.email)
    phone.goto("/#/care-team")
    visit_lines = phone.locator(".access-log li").filter(
        has_text=re.compile("Dr Lee: Looked at your summary")
    )
    visit_lines.first.wait_for()
    assert visit_lines.count() == 1
    phone.screenshot(path=artifacts_dir / "workspace-access-log-360.png", full_page=True)

    # The same screens on a phone.
    page.set_viewport_size(PHONE)
    page.reload()
    page.get_by_role("heading", level=2, name="Cramp diary").wait_for()
    page.screenshot(path=artifacts_dir / "workspace-patient-360.png", full_page=True)
    assert axe_violations(page) == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.goto("/#/patients")
    page.locator(".patient-card").first.wait_for()
    page.screenshot(path=artifacts_dir / "workspace-list-360.png", full_page=True)
    assert axe_violations(page) == []
