"""axe-core finds no WCAG 2.2 AA (or best-practice) violations on the main screens, in the light
and dark system themes (bedside has its own dim theme), and nothing scrolls sideways at 320 px."""

import pytest

from tests.support.browser import axe_violations, log_cramp, sign_up, wait_for_status

pytestmark = pytest.mark.browser

NARROWEST = {"width": 320, "height": 640}


def check_screen(page, name: str) -> list[str]:
    problems = []
    for violation in axe_violations(page):
        summary = f"{violation['id']} ({violation['impact']}) {violation['help']}"
        problems.append(f"{name}: {summary}: {violation['nodes']}")
    page.set_viewport_size(NARROWEST)
    root = "document.documentElement"
    overflow = page.evaluate(f"() => {root}.scrollWidth - {root}.clientWidth")
    if overflow > 0:
        problems.append(f"{name}: {overflow}px wider than a 320px screen")
    page.set_viewport_size({"width": 360, "height": 740})
    return problems


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_main_screens_have_no_accessibility_violations(new_context, color_scheme):
    context = new_context(color_scheme=color_scheme)
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and problems.append(message.text),
    )

    page.goto("/#/login")
    page.get_by_role("heading", level=1, name="Log in").wait_for()
    problems += check_screen(page, "login")
    page.goto("/#/signup")
    page.get_by_role("heading", level=1, name="Create your account").wait_for()
    problems += check_screen(page, "signup")

    sign_up(page)
    wait_for_status(page, "^Synced$")
    problems += check_screen(page, "bedside")
    page.get_by_role("button", name="Cramp now").click()
    page.get_by_role("timer").wait_for()
    problems += check_screen(page, "bedside, cramp running")
    page.get_by_role("button", name="It's over").click()
    page.get_by_role("button", name="Cramp now").wait_for()
    log_cramp(page, side="Left", severity=5)
    problems += check_screen(page, "bedside, saved")

    page.goto("/#/plan")
    page.get_by_role("heading", level=1, name="Care plan").wait_for()
    page.get_by_role("button", name="Add: Stretch calves and hamstrings before bed").click()
    page.get_by_role("heading", level=3, name="Stretch calves and hamstrings before bed").wait_for()
    problems += check_screen(page, "care plan")
    page.get_by_role("link", name="Write your own step").click()
    page.get_by_role("heading", level=1, name="New step").wait_for()
    problems += check_screen(page, "care-plan step form")

    page.goto("/#/today")
    page.get_by_role("heading", level=1, name="Today").wait_for()
    page.get_by_text("Done").first.wait_for()
    problems += check_screen(page, "today")

    page.goto("/#/diary")
    page.get_by_role("heading", level=1, name="Diary").wait_for()
    page.locator(".episode-list a").first.wait_for()
    problems += check_screen(page, "diary")
    page.locator(".episode-list a").first.click()
    page.get_by_role("heading", level=1, name="Cramp details").wait_for()
    problems += check_screen(page, "cramp details")

    page.goto("/#/trends")
    page.get_by_role("heading", level=1, name="Trends").wait_for()
    problems += check_screen(page, "trends")

    page.goto("/#/account")
    page.get_by_role("heading", level=1, name="Account").wait_for()
    problems += check_screen(page, "account")

    assert problems == []
