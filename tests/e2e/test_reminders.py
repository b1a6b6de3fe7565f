"""Reminders end to end: the notification permission is asked only after the patient's tap, and the
browser's subscription is then stored on the server (the browser's PushManager is stubbed: Chromium
can subscribe only through a real push service; our API is not); logging out makes the server
forget it; a pushed reminder shows with Done and Later; Today shows a due step on top with one-tap
Done; a reminder's "Done" link ticks the step offline and syncs later; a clinician suggests a time
and the patient takes it; bedtime and the morning check; and phones that can't get reminders say
what to do. Screenshots at 360x740 and 1280x800 go to test-artifacts/reminders-*.png."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.support.browser import (
    api_call,
    axe_violations,
    browser_subscription,
    outbox_count,
    poll,
    push_stub_state,
    sign_up,
    stub_push,
    wait_for_service_worker,
    wait_for_status,
    wait_until_synced,
)

pytestmark = pytest.mark.browser

# Far from UTC, so a time computed in the wrong zone shows up.
ZONE = "America/New_York"
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
STARTER = "Stretch calves and hamstrings before bed"
STEP = "Stretch calves before bed"
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def local_now() -> datetime:
    return datetime.now(ZoneInfo(ZONE))


def add_step_due_a_minute_ago(patient_api) -> tuple[dict, str]:
    """A bedtime step whose reminder went off a minute ago in the patient's zone, and the day its
    tick belongs to."""
    due = local_now() - timedelta(minutes=1)
    item = patient_api.post(
        "/care-plan/items",
        {
            "category": "stretching",
            "title": STEP,
            "schedule": "bedtime",
            "reminder_at": due.strftime("%H:%M"),
            "start_date": (due.date() - timedelta(days=7)).isoformat(),
        },
    )
    return item, due.date().isoformat()


def asked(page) -> int:
    return (push_stub_state(page) or {}).get("asked", 0)


def add_starter_and_turn_its_reminder_on(page, time: str = "22:00") -> None:
    page.goto("/#/plan")
    page.get_by_role("button", name=f"Add: {STARTER}").click()
    page.get_by_role("button", name=f"Remind me at {time}: {STARTER}").click()


def signed_up_with_push(new_context) -> tuple:
    """A new patient in a browser whose push service is the stub: (page, subscription, email)."""
    context = new_context(timezone_id=ZONE)
    subscription = browser_subscription()
    stub_push(context, subscription)
    page = context.new_page()
    email = sign_up(page)
    wait_for_service_worker(page)
    return page, subscription, email


def test_permission_is_asked_only_after_the_tap_then_the_subscription_is_stored(
    new_context, api, live_server, artifacts_dir
):
    page, subscription, email = signed_up_with_push(new_context)

    page.goto("/#/plan")
    page.get_by_role("button", name=f"Add: {STARTER}").click()
    turn_on = page.get_by_role("button", name=f"Remind me at 22:00: {STARTER}")
    turn_on.wait_for()
    for path, heading in (("/#/today", "Today"), ("/#/account", "Account"), ("/#/plan", "Care plan")):
        page.goto(path)
        page.get_by_role("heading", level=1, name=heading).wait_for()
    page.reload()
    turn_on.wait_for()
    assert asked(page) == 0, "asked for the permission before any tap"

    turn_on.click()
    page.get_by_text("Reminder set for 22:00.").wait_for()
    page.get_by_text("Reminder at 22:00").wait_for()

    state = push_stub_state(page)
    assert state["asked"] == 1
    assert state["askedFrom"] == ["#/plan"]
    server_key = requests.get(f"{live_server}/api/v1/push/key", timeout=10).json()["public_key"]
    assert state["subscribeCalls"] == [{"userVisibleOnly": True, "serverKey": server_key.rstrip("=")}]
    # The server has it for this account: the same subscription again is "already stored".
    assert api_call(api(email), "POST", "/push/subscriptions", subscription).status_code == 200

    wait_until_synced(page)
    [item] = api(email).get("/care-plan")["items"]
    assert item["reminder_at"] == "22:00"
    page.screenshot(path=artifacts_dir / "reminders-plan-360.png", full_page=True)
    page.get_by_role("button", name=f"Change time: reminder for {STARTER}").click()
    page.set_viewport_size(DESK)
    page.screenshot(path=artifacts_dir / "reminders-plan-change-1280.png", full_page=True)


def test_logging_out_makes_the_server_forget_this_browser(new_context, api):
    page, subscription, email = signed_up_with_push(new_context)
    add_starter_and_turn_its_reminder_on(page)
    page.get_by_text("Reminder set for 22:00.").wait_for()
    wait_until_synced(page)

    page.goto("/#/account")
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", level=1, name="Log in").wait_for()

    assert push_stub_state(page)["unsubscribed"] == 1
    # Forgotten: storing it again makes a new row (201), not "already stored" (200).
    assert api_call(api(email), "POST", "/push/subscriptions", subscription).status_code == 201


def test_a_pushed_reminder_shows_with_done_and_later_and_done_ticks_it(new_context, api, live_server):
    context = new_context(timezone_id=ZONE)
    context.grant_permissions(["notifications"], origin=live_server)
    page = context.new_page()
    email = sign_up(page)
    wait_for_service_worker(page)
    patient = api(email)
    item, day = add_step_due_a_minute_ago(patient)
    page.goto("/#/bedside")
    page.reload()  # the step arrives with the sync at start
    wait_until_synced(page)
    session = context.new_cdp_session(page)
    registrations = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"])
    )
    session.send("ServiceWorker.enable")

    def active_registration():
        page.wait_for_timeout(50)  # the sync API hands over CDP events only while it waits
        return next((r for r in registrations if not r["isDeleted"]), None)

    registration = poll(active_registration)
    payload = {
        "kind": "item",
        "title": f"Time for: {STEP}",
        "body": "About three minutes. Tap Done when it's done.",
        "tag": f"reminder:{item['id']}:{day}",
        "item_id": item["id"],
        "date": day,
        "url": "/#/today",
        "actions": [{"action": "done", "title": "Done"}, {"action": "later", "title": "Later"}],
        "later_token": "opaque",
    }

    session.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server,
            "registrationId": registration["registrationId"],
            "data": json.dumps(payload),
        },
    )

    shown = poll(
        lambda: page.evaluate(
            """async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
                title: n.title, body: n.body, tag: n.tag, data: n.data,
                actions: n.actions.map((a) => a.title),
            }))"""
        )
    )
    assert shown == [
        {
            "title": payload["title"],
            "body": payload["body"],
            "tag": payload["tag"],
            "actions": ["Done", "Later"],
            "data": payload,
        }
    ]

    # No test API taps a notification: the service worker is handed the click a tap would give.
    [worker] = context.service_workers
    worker.evaluate(
        """async () => {
            const [notification] = await self.registration.getNotifications();
            self.dispatchEvent(new NotificationEvent('notificationclick', { notification, action: 'done' }));
        }"""
    )
    page.get_by_text(f"Ticked: {STEP}.").wait_for()
    poll(lambda: page.evaluate("() => location.hash") == "#/today")
    wait_until_synced(page)
    checks = patient.get("/care-plan/checks", **{"from": day, "to": day})
    assert [(check["item_id"], check["done"]) for check in checks] == [(item["id"], True)]


def test_today_shows_a_due_reminder_on_top_with_one_tap_done(new_context, api, artifacts_dir):
    # axe is added as a script, which the app's CSP (script-src 'self') would refuse.
    context = new_context(timezone_id=ZONE, bypass_csp=True)
    page = context.new_page()
    email = sign_up(page)
    patient = api(email)
    item, day = add_step_due_a_minute_ago(patient)

    page.goto("/#/today")
    page.reload()  # syncs at start: the step arrives
    banner = page.get_by_role("region", name="Due now")
    banner.wait_for(timeout=20_000)
    assert banner.get_by_text(STEP).is_visible()
    top_of_plan = page.get_by_role("heading", level=2, name="Your plan today").bounding_box()
    assert banner.bounding_box()["y"] < top_of_plan["y"]
    page.screenshot(path=artifacts_dir / "reminders-today-due-360.png", full_page=True)
    assert axe_violations(page) == []
    page.set_viewport_size(DESK)
    page.screenshot(path=artifacts_dir / "reminders-today-due-1280.png", full_page=True)
    page.set_viewport_size(PHONE)

    banner.get_by_role("button", name=f"Done: {STEP}").click()
    page.get_by_text(f"Ticked: {STEP}.").wait_for()
    banner.wait_for(state="detached")
    wait_until_synced(page)
    checks = patient.get("/care-plan/checks", **{"from": day, "to": day})
    assert [(check["item_id"], check["date"], check["done"]) for check in checks] == [(item["id"], day, True)]


def test_done_from_a_reminder_ticks_the_step_offline_and_syncs_when_back(new_context, api):
    context = new_context(timezone_id=ZONE)
    page = context.new_page()
    email = sign_up(page)
    wait_for_service_worker(page)
    patient = api(email)
    item, day = add_step_due_a_minute_ago(patient)
    page.goto("/#/today")
    page.reload()
    page.get_by_role("region", name="Due now").wait_for(timeout=20_000)
    page.close()

    # The app is closed and the phone offline; the notification's "Done" opens a window.
    context.set_offline(True)
    phone = context.new_page()
    phone.goto(f"/#/today?done={item['id']}&date={day}")
    phone.get_by_text(f"Ticked: {STEP}.").wait_for()
    poll(lambda: phone.evaluate("() => location.hash") == "#/today")
    assert phone.get_by_role("region", name="Due now").count() == 0
    done = phone.locator(f"input[name='check-{item['id']}'][value='true']")
    assert done.is_checked()
    assert outbox_count(phone) == 1
    wait_for_status(phone, "Offline")

    context.set_offline(False)
    wait_until_synced(phone)
    checks = patient.get("/care-plan/checks", **{"from": day, "to": day})
    assert [(check["item_id"], check["done"]) for check in checks] == [(item["id"], True)]


def test_a_clinician_suggests_a_reminder_time_and_the_patient_takes_it(new_context, api, artifacts_dir):
    phone = new_context(timezone_id=ZONE, bypass_csp=True)
    stub_push(phone, browser_subscription())
    desk = new_context()
    patient = phone.new_page()
    clinician = desk.new_page()
    clinician.set_viewport_size(DESK)
    patient_email = sign_up(patient)
    clinician_email = sign_up(clinician, role="clinician")
    code = api(patient_email).post("/shares/invites", {"permission": "edit_plan"})["code"]
    api(clinician_email).post("/shares/accept", {"code": code})
    patient_id = api(patient_email).get("/me")["id"]

    clinician.goto(f"/#/patients/{patient_id}")
    clinician.get_by_role("heading", level=2, name="Care plan").wait_for()
    clinician.get_by_role("button", name="Add a step").click()
    clinician.get_by_label("What to do").fill(STEP)
    clinician.get_by_label("Suggest a reminder time (optional)").fill("21:30")
    clinician.get_by_role("button", name="Add to the plan").click()
    clinician.get_by_text("Suggested reminder: 21:30. Not taken yet.").wait_for()

    patient.goto("/#/plan")
    patient.reload()
    patient.get_by_text("Dr Test suggests a reminder at 21:30.").wait_for(timeout=20_000)
    patient.screenshot(path=artifacts_dir / "reminders-suggestion-360.png", full_page=True)
    assert axe_violations(patient) == []
    patient.get_by_role("button", name=f"Use 21:30 for: {STEP}").click()
    patient.get_by_text("Reminder set for 21:30.").wait_for()
    assert asked(patient) == 1
    wait_until_synced(patient)
    [item] = api(patient_email).get("/care-plan")["items"]
    assert (item["reminder_at"], item["suggested_reminder_at"]) == ("21:30", "21:30")

    clinician.reload()
    clinician.get_by_text("Patient's reminder: 21:30 (as suggested)").wait_for()
    clinician.screenshot(path=artifacts_dir / "reminders-clinician-1280.png", full_page=True)


def test_bedtime_and_the_morning_check_are_set_on_the_account_screen(new_context, api, artifacts_dir):
    context = new_context(timezone_id=ZONE)
    stub_push(context, browser_subscription())
    page = context.new_page()
    email = sign_up(page)
    wait_for_service_worker(page)
    add_starter_and_turn_its_reminder_on(page)
    page.get_by_text("Reminder set for 22:00.").wait_for()

    page.goto("/#/account")
    page.get_by_label("Your usual bedtime").fill("22:30")
    page.get_by_role("button", name="Save bedtime").click()
    page.get_by_text("Bedtime saved: 22:30. Your bedtime reminder moved too.").wait_for()
    page.get_by_role("button", name="Turn on the morning check").click()
    page.get_by_text("On, at 08:00").wait_for()
    wait_until_synced(page)

    profile = api(email).get("/me")
    assert (profile["bedtime"], profile["morning_reminder_at"]) == ("22:30", "08:00")
    [item] = api(email).get("/care-plan")["items"]
    assert item["reminder_at"] == "22:30"
    page.locator(".reminder-settings").screenshot(path=artifacts_dir / "reminders-account-360.png")


def test_blocked_notifications_say_where_to_allow_them(new_context, artifacts_dir):
    context = new_context(timezone_id=ZONE, bypass_csp=True)
    stub_push(context, browser_subscription(), permission="denied")
    page = context.new_page()
    sign_up(page)
    add_starter_and_turn_its_reminder_on(page)

    page.get_by_text("Notifications are blocked, so it shows only in Today.", exact=False).wait_for()
    page.get_by_text("Notifications are blocked", exact=True).wait_for()
    page.get_by_text(re.compile("allow notifications for CrampCare in your browser’s site")).wait_for()
    page.get_by_text(re.compile("your device’s settings for CrampCare")).wait_for()
    assert asked(page) == 0
    page.screenshot(path=artifacts_dir / "reminders-blocked-360.png", full_page=True)
    assert axe_violations(page) == []


def test_an_iphone_not_on_the_home_screen_is_told_to_add_it(new_context, artifacts_dir):
    context = new_context(timezone_id=ZONE, user_agent=IPHONE_SAFARI)
    # Safari on iOS has no PushManager until the app is opened from the Home Screen.
    context.add_init_script("delete window.PushManager;")
    page = context.new_page()
    sign_up(page)
    add_starter_and_turn_its_reminder_on(page)

    page.get_by_text("Reminder set for 22:00. Today shows it when you open CrampCare.").wait_for()
    page.get_by_text("Reminders on iPhone and iPad").wait_for()
    page.get_by_text(re.compile("tap Share, then “Add to Home Screen”")).wait_for()
    page.screenshot(path=artifacts_dir / "reminders-iphone-360.png", full_page=True)
