"""The patient's app, whole, on a 360x740 phone: the bedside fields above the fold, pain left
unrated unless tapped, a mis-tap discarded, a timed cramp keeping its seconds through the morning
edit, last night's cramps completed one after another, the profile edited offline and synced, the
account erased, and the welcome after sign-up."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.support.browser import (
    PASSWORD,
    local_episodes,
    log_cramp,
    outbox_count,
    poll,
    sign_up,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser

VIEWPORT_HEIGHT = 740


def choose(page, name: str, value: str) -> None:
    """Taps the one-tap choice with this form name and value (labels come from the server)."""
    page.locator(f"label.choice:has(input[name='{name}'][value='{value}'])").click()


def discard(page):
    """Two taps: the first arms the button, the second discards."""
    page.get_by_role("button", name="Not a cramp: discard").click()
    page.get_by_role("button", name="Tap again to discard it").click()


def start_cramp(page):
    page.get_by_role("button", name="Cramp now").click()
    page.get_by_role("timer").wait_for()


def test_muscle_side_and_pain_are_above_the_fold_under_the_timer(page, artifacts_dir):
    sign_up(page)
    start_cramp(page)

    timer = page.get_by_role("timer").bounding_box()
    boxes = {name: page.locator(f".{name}-choices").bounding_box() for name in ("muscle", "row", "severity")}
    stretch = page.locator(".stretch").bounding_box()
    page.screenshot(path=artifacts_dir / "bedside-running-360.png")

    assert all(box["y"] > timer["y"] for box in boxes.values())
    assert all(box["y"] + box["height"] <= VIEWPORT_HEIGHT for box in boxes.values()), boxes
    assert stretch["y"] > boxes["severity"]["y"]
    assert page.evaluate("() => window.scrollY") == 0


def test_remembered_muscle_and_side_show_as_chosen_and_pain_as_not_rated(page):
    sign_up(page)
    log_cramp(page, side="Left", severity=7)

    start_cramp(page)

    assert page.locator(".muscle-choices input:checked").get_attribute("value") == "calf"
    assert page.locator(".row-choices input:checked").get_attribute("value") == "left"
    assert page.locator(".severity-choices input:checked").count() == 0
    assert page.locator(".severity-choices legend").inner_text().endswith("not rated")


def test_pain_not_rated_is_stored_as_null_never_carried_over(page, api):
    email = sign_up(page)
    log_cramp(page, side="Left", severity=7)
    log_cramp(page)  # the second cramp is not rated
    wait_until_synced(page)

    severities = sorted((episode["severity"] for episode in api(email).episodes()), key=str)
    assert severities == [7, None]


def test_one_tap_on_discard_keeps_the_cramp(page):
    sign_up(page)
    start_cramp(page)

    page.get_by_role("button", name="Not a cramp: discard").click()
    page.wait_for_timeout(5500)

    assert page.get_by_role("button", name="Not a cramp: discard").is_visible()
    assert len(local_episodes(page)) == 1


def test_a_mistaken_cramp_is_discarded_from_the_phone_and_the_outbox(page, context):
    sign_up(page)
    wait_until_synced(page)
    context.set_offline(True)
    start_cramp(page)
    assert outbox_count(page) == 1

    discard(page)

    page.get_by_text("Discarded: nothing was kept.").wait_for()
    assert local_episodes(page) == []
    assert outbox_count(page) == 0
    context.set_offline(False)


def test_discarding_a_cramp_that_already_synced_deletes_it_on_the_server(page, api):
    email = sign_up(page)
    start_cramp(page)
    wait_until_synced(page)
    assert len(api(email).episodes()) == 1

    discard(page)
    page.get_by_text("Discarded: nothing was kept.").wait_for()
    wait_until_synced(page)

    assert api(email).episodes() == []


def test_the_manifest_shortcut_opens_straight_into_a_running_cramp(page):
    sign_up(page)

    page.goto("/#/bedside?start=1")
    page.get_by_role("timer").wait_for()

    assert len(local_episodes(page)) == 1
    assert page.evaluate("() => location.hash") == "#/bedside"
    page.reload()  # a reload must not start a second cramp
    page.get_by_role("timer").wait_for()
    assert len(local_episodes(page)) == 1


def test_a_timed_cramp_keeps_its_seconds_after_the_morning_edit(page, api, artifacts_dir):
    email = sign_up(page)
    start_cramp(page)
    page.wait_for_timeout(2300)
    page.get_by_role("button", name="It's over").click()
    page.get_by_role("button", name="Cramp now").wait_for()
    wait_until_synced(page)
    before = api(email).episodes()[0]
    assert before["duration_seconds"] >= 2

    page.get_by_role("link", name="Add details now").click()
    page.get_by_role("heading", level=1, name="Cramp details").wait_for()
    started_field = page.get_by_label("Started")
    assert re.search(r"T\d\d:\d\d:\d\d", started_field.input_value())  # seconds shown
    choose(page, "triggers", "dehydration")
    page.screenshot(path=artifacts_dir / "cramp-details-seconds-360.png")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", level=1, name="Diary").wait_for()
    wait_until_synced(page)

    after = api(email).episodes()[0]
    assert after["triggers"] == ["dehydration"]
    assert (after["started_at"], after["ended_at"]) == (before["started_at"], before["ended_at"])
    assert after["duration_seconds"] == before["duration_seconds"]


def test_today_opens_last_nights_cramps_one_after_another(page, api, artifacts_dir):
    email = sign_up(page)
    server = api(email)
    profile = server.get("/me")
    # Two cramps last night in the diary's zone (UTC): this morning's small hours, or, just after
    # midnight, yesterday evening (both belong to the night that began yesterday).
    now = datetime.now(UTC)
    night = now.replace(hour=3, minute=0, second=0, microsecond=0)
    if now.hour < 4:
        night = night - timedelta(days=1) + timedelta(hours=19)
    ids = []
    for minutes in (0, 40):
        started = night + timedelta(minutes=minutes)
        created = server.post(
            "/episodes",
            {
                "started_at": started.isoformat(),
                "ended_at": (started + timedelta(seconds=95)).isoformat(),
                "muscle": "calf",
            },
        )
        ids.append(created["id"])
    assert profile["timezone"] == "UTC"
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)

    page.get_by_role("link", name="Today").click()
    prompt = page.get_by_role("heading", name="2 cramps last night: add details?")
    prompt.wait_for()
    page.screenshot(path=artifacts_dir / "today-last-night-360.png")
    page.get_by_role("link", name="Add details, one after another").click()

    for index, episode_id in enumerate(ids):
        page.wait_for_function(f"() => location.hash.startsWith('#/diary/{episode_id}')")
        page.get_by_role("heading", level=1, name="Cramp details").wait_for()
        choose(page, "severity", str(4 + index))
        choose(page, "side", "left")
        choose(page, "woke_from_sleep", "true")
        page.get_by_role("button", name="Save and next" if index == 0 else "Save").click()
    page.get_by_role("heading", level=1, name="Today").wait_for()
    wait_until_synced(page)

    assert sorted(episode["severity"] for episode in server.episodes()) == [4, 5]
    assert page.get_by_role("heading", name=re.compile("last night: add details")).count() == 0


def test_profile_edits_made_offline_sync_later(page, context, api, artifacts_dir):
    email = sign_up(page)
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.set_offline(True)

    page.get_by_role("link", name="Account").click()
    page.get_by_role("heading", level=1, name="Account").wait_for()
    page.get_by_label("Your name").fill("Sam Night")
    page.get_by_label("Time zone").select_option("Pacific/Auckland")
    page.get_by_role("button", name="Save name and time zone").click()
    page.get_by_text("Diabetes", exact=True).click()
    page.get_by_role("button", name="Save conditions").click()
    page.get_by_label("Name", exact=True).fill("Bendroflumethiazide")
    page.get_by_label("Kind of medicine").fill("thiazide diuretic (water tablet)")
    page.get_by_label("Dose (optional)").fill("2.5 mg")
    page.get_by_role("button", name="Add medicine").click()
    page.locator(".medicine").get_by_text("sometimes linked to cramps").wait_for()
    page.screenshot(path=artifacts_dir / "account-medicine-offline-360.png", full_page=True)
    assert outbox_count(page) >= 1
    assert api(email).get("/me")["display_name"] == "Sam Test"

    context.set_offline(False)
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)

    profile = api(email).get("/me")
    assert (profile["display_name"], profile["timezone"], profile["conditions"]) == (
        "Sam Night",
        "Pacific/Auckland",
        ["diabetes"],
    )
    assert profile["medications"] == [
        {"name": "Bendroflumethiazide", "class": "thiazide_diuretic", "started_on": None, "dose": "2.5 mg"}
    ]


def test_password_change_and_erase_say_plainly_they_need_a_connection(page, context):
    sign_up(page)
    wait_for_service_worker(page)
    page.get_by_role("link", name="Account").click()
    page.get_by_role("heading", level=1, name="Account").wait_for()
    context.set_offline(True)

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("a brand new night passphrase")
    page.get_by_role("button", name="Change password").click()

    page.get_by_role("alert").filter(has_text="You are offline. This needs a connection").first.wait_for()
    context.set_offline(False)


def test_changing_the_password_in_the_app(page, live_server):
    email = sign_up(page)
    page.get_by_role("link", name="Account").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("password123")
    page.get_by_role("button", name="Change password").click()
    page.get_by_role("alert").filter(has_text="one of the most common ones").wait_for()

    page.get_by_label("New password").fill("a brand new night passphrase")
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Password changed.").wait_for()

    login = requests.post(
        f"{live_server}/api/v1/auth/login",
        json={"email": email, "password": "a brand new night passphrase"},
        timeout=10,
    )
    assert login.status_code == 200


def test_erasing_the_account_after_the_warning(page, live_server, artifacts_dir):
    email = sign_up(page)
    log_cramp(page, side="Right", severity=3)
    wait_until_synced(page)
    page.get_by_role("link", name="Account").click()
    page.get_by_text("Erase my account and all my data").click()
    page.get_by_text("It cannot be undone.").wait_for()
    page.screenshot(path=artifacts_dir / "account-erase-360.png", full_page=True)

    page.get_by_label("Your password, to confirm").fill("not my password at all")
    page.get_by_role("button", name="Erase my account").click()
    page.get_by_text("That password is not right. Nothing was erased.").wait_for()

    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Erase my account").click()
    page.get_by_role("heading", level=1, name="Log in").wait_for()

    assert local_episodes(page) == []
    assert outbox_count(page) == 0
    login = requests.post(
        f"{live_server}/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=10
    )
    assert login.status_code == 401


def test_the_welcome_offers_the_next_steps(page, artifacts_dir):
    sign_up(page, welcome=True)

    page.get_by_role("heading", name="Start a care plan").wait_for()
    for heading in ("Your medicines", "Put it on your home screen", "Try the bedside screen"):
        assert page.get_by_role("heading", name=heading).is_visible()
    page.get_by_role("button", name="Add: Stretch calves and hamstrings before bed").click()
    page.get_by_text("1 step in your plan.").wait_for()
    page.screenshot(path=artifacts_dir / "welcome-360.png", full_page=True)

    page.get_by_role("link", name="Care plan").click()
    page.get_by_role("heading", level=3, name="Stretch calves and hamstrings before bed").wait_for()


def test_sign_up_errors_are_sentences_next_to_the_field(page):
    page.goto("/#/signup")
    page.get_by_label("Your name").fill("Sam Test")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    error = page.locator("[data-field='email'] .field-error")
    error.filter(has_text="Please give a valid email address").wait_for()
    assert page.get_by_label("Email").evaluate("(input) => input === document.activeElement")
    assert "Not a valid" not in page.locator("main").inner_text()


def test_no_offline_notice_before_there_is_an_account(page):
    page.goto("/#/signup")
    wait_for_service_worker(page)
    time.sleep(0.5)
    assert page.get_by_text("works offline").count() == 0
    poll(lambda: page.get_by_role("heading", level=1, name="Create your account").is_visible())
