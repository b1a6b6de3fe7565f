"""The patient's night, end to end in Chromium: sign up, go offline, log cramps in bedside mode,
find them after a reload, reconnect, and see the server and the app agree."""

import re

import pytest

from tests.support.browser import local_episodes, log_cramp, sign_up, wait_for_service_worker, wait_for_status

pytestmark = pytest.mark.browser

THREE_TONIGHT = re.compile(r"^(Tonight|Last night): 3 cramps logged\.$")


def test_cramps_logged_offline_reach_the_server_once(page, context, api, artifacts_dir):
    csp_errors = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and csp_errors.append(message.text),
    )

    email = sign_up(page)
    wait_for_service_worker(page)
    wait_for_status(page, "^Synced$")

    context.set_offline(True)
    page.reload()
    page.get_by_role("heading", level=1, name="Bedside").wait_for()
    wait_for_status(page, "^Offline")

    log_cramp(page, side="Left", severity=6)
    log_cramp(page, side="Right", severity=4)
    log_cramp(page, side="Both", severity=8)
    page.get_by_text(THREE_TONIGHT).wait_for()
    wait_for_status(page, "^Offline · 3 waiting, oldest at")

    page.reload()
    page.get_by_text(THREE_TONIGHT).wait_for()
    page.get_by_role("link", name="Diary").click()
    page.get_by_text("3 cramps on 1 night.").wait_for()
    assert page.locator(".episode-list li").count() == 3
    local_ids = sorted(episode["id"] for episode in local_episodes(page))

    context.set_offline(False)
    wait_for_status(page, "^Synced$")

    server = api(email)
    stored = server.episodes()
    assert sorted(episode["id"] for episode in stored) == local_ids
    assert sorted(episode["severity"] for episode in stored) == [4, 6, 8]
    assert all(episode["ended_at"] for episode in stored)

    changed = next(episode for episode in stored if episode["severity"] == 4)
    server.patch(f"/episodes/{changed['id']}", {"severity": 9, "notes": "Changed from another device"})
    page.get_by_role("button", name="Sync now").click()
    page.locator(".episode-list").get_by_text(re.compile(r"pain 9/10")).wait_for()
    page.locator(".episode-list").get_by_text(re.compile(r"pain 9/10")).click()
    page.get_by_label("Notes").wait_for()
    assert page.get_by_label("Notes").input_value() == "Changed from another device"

    page.goto("/#/bedside")
    page.get_by_text(THREE_TONIGHT).wait_for()
    page.screenshot(path=artifacts_dir / "bedside.png", full_page=True)
    page.goto("/#/today")
    page.get_by_role("heading", level=1, name="Today").wait_for()
    page.screenshot(path=artifacts_dir / "today.png", full_page=True)
    page.goto("/#/diary")
    page.get_by_text("3 cramps on 1 night.").wait_for()
    page.screenshot(path=artifacts_dir / "diary.png", full_page=True)

    assert csp_errors == []
