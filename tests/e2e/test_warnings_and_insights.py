"""Details added the next morning reach the server, and what the server makes of them (warning
signs, insights) comes back to the app after a sync, in the server's own words."""

import pytest

from tests.support.browser import (
    axe_violations,
    log_cramp,
    sign_up,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser


def test_an_urgent_warning_sign_shows_on_today_and_what_helped_on_trends(page, api, artifacts_dir):
    email = sign_up(page)
    wait_for_service_worker(page)
    log_cramp(page, side="Left", severity=7)

    page.get_by_role("link", name="Add details now").click()
    page.get_by_role("heading", level=1, name="Cramp details").wait_for()
    page.get_by_text("Swelling", exact=True).click()
    page.get_by_text("Redness", exact=True).click()
    page.get_by_label("Stretching").select_option("full")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", level=1, name="Diary").wait_for()
    wait_until_synced(page)
    page.get_by_role("button", name="Sync now").click()  # the views are fetched after the push
    wait_until_synced(page)

    stored = api(email).episodes()
    assert sorted(stored[0]["symptoms"]) == ["redness", "swelling"]
    assert stored[0]["reliefs"] == [{"method": "stretching", "effect": "full"}]

    page.get_by_role("link", name="Today").click()
    urgent = page.locator(".warning-urgent")
    urgent.wait_for()
    assert urgent.locator(".warning-message").inner_text().strip()
    page.screenshot(path=artifacts_dir / "today-warning.png", full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Trends").click()
    page.get_by_role("heading", level=2, name="What helped you").wait_for()
    assert "Stretching: helped 1 of 1 time" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Bedside").click()
    page.get_by_role("link", name="A warning sign needs your attention").wait_for()
    assert axe_violations(page) == []
