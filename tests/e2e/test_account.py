"""Staying signed in, and logging out without ever dropping unsynced cramps silently."""

import pytest

from tests.support.browser import (
    log_cramp,
    log_in,
    new_email,
    sign_up,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser


def test_the_app_stays_signed_in_across_restarts(page, context):
    sign_up(page)
    wait_for_service_worker(page)
    page.close()
    reopened = context.new_page()
    reopened.goto("/")
    reopened.get_by_role("heading", level=1, name="Bedside").wait_for()


def test_log_out_warns_about_unsynced_cramps_and_keeps_them(page, context, api):
    email = sign_up(page)
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.set_offline(True)
    log_cramp(page, side="Left", severity=6)

    page.get_by_role("link", name="Account").click()
    page.get_by_role("button", name="Log out").click()
    warning = page.get_by_role("alert").filter(has_text="1 entry has not reached the server yet")
    warning.wait_for()
    assert page.get_by_role("heading", level=1, name="Account").is_visible()

    context.set_offline(False)
    page.get_by_role("button", name="Sync now").last.click()
    page.get_by_role("heading", level=1, name="Log in").wait_for()
    assert len(api(email).episodes()) == 1

    log_in(page, email)
    page.get_by_role("link", name="Diary").click()
    page.get_by_text("1 cramp on 1 night.").wait_for()


def test_sign_up_says_in_plain_words_why_a_password_is_refused(page, artifacts_dir):
    page.goto("/#/signup")
    page.get_by_label("Your name").fill("Sam Test")
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill("password12")
    page.get_by_role("button", name="Create account").click()

    alert = page.get_by_role("alert").filter(has_text="one of the most common ones")
    alert.wait_for()
    assert "password:" not in alert.inner_text()
    assert "Length must be" not in alert.inner_text()
    page.screenshot(path=artifacts_dir / "sign-up-common-password.png", full_page=True)
