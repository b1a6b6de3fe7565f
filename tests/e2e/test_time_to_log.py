"""How many taps and seconds from opening the app to (a) a running cramp record and (b) a fully
rated one (muscle, side and pain chosen). Figures to watch, printed; not asserted against a time
(machines differ). The taps are asserted: they are the design."""

import time

import pytest

from tests.support.browser import local_episodes, poll, sign_up, wait_for_service_worker

pytestmark = pytest.mark.browser


def rated(page) -> bool:
    return any(
        episode.get("side") and episode.get("muscle") and episode.get("severity") is not None
        for episode in local_episodes(page)
    )


def open_offline(context, page):
    context.set_offline(True)  # the worst case at night, and no network time in the figure
    fresh = context.new_page()
    page.close()
    return fresh


def test_taps_and_seconds_from_opening_the_app_to_a_saved_cramp(page, context, capsys):
    sign_up(page)
    wait_for_service_worker(page)
    fresh = open_offline(context, page)

    taps = 0
    opened = time.perf_counter()
    fresh.goto("/")  # the app's start URL; patients land on the bedside screen
    fresh.get_by_role("button", name="Cramp now").click()
    taps += 1
    poll(lambda: local_episodes(fresh))
    draft_saved = time.perf_counter() - opened
    taps_to_draft = taps
    # Muscle (calf) is chosen already; side and pain sit under the timer, no scrolling.
    fresh.locator(".row-choices").get_by_text("Left", exact=True).click()
    fresh.locator(".severity-choices").get_by_text("6", exact=True).click()
    taps += 2
    poll(lambda: rated(fresh))
    fully_rated = time.perf_counter() - opened
    taps_to_rated = taps
    assert fresh.evaluate("() => window.scrollY") == 0
    fresh.get_by_role("button", name="It's over").click()
    taps += 1
    poll(lambda: any(episode.get("ended_at") for episode in local_episodes(fresh)))
    finished = time.perf_counter() - opened

    with capsys.disabled():
        print(
            f"\n[time to log] first cramp, opening the app offline: running record {taps_to_draft} tap,"
            f" {draft_saved:.2f} s; fully rated (muscle, side, pain) {taps_to_rated} taps,"
            f" {fully_rated:.2f} s;"
            f" ended {taps} taps, {finished:.2f} s (the taps themselves are instant here)"
        )
    assert (taps_to_draft, taps_to_rated, taps) == (1, 3, 4)


def test_the_next_cramp_needs_one_tap_less_and_the_shortcut_none(page, context, capsys):
    sign_up(page)
    wait_for_service_worker(page)
    page.get_by_role("button", name="Cramp now").click()
    page.locator(".row-choices").get_by_text("Right", exact=True).click()
    page.get_by_role("button", name="It's over").click()
    page.get_by_role("button", name="Cramp now").wait_for()
    fresh = open_offline(context, page)

    opened = time.perf_counter()
    fresh.goto("/#/bedside?start=1")  # the home-screen icon's "Cramp now" shortcut
    poll(lambda: any(not episode.get("ended_at") for episode in local_episodes(fresh)))
    running = time.perf_counter() - opened
    fresh.locator(".severity-choices").get_by_text("5", exact=True).click()  # muscle, side remembered
    poll(lambda: rated(fresh))
    fully_rated = time.perf_counter() - opened

    with capsys.disabled():
        print(
            f"\n[time to log] next cramp, from the shortcut offline: running record 0 taps, {running:.2f} s;"
            f" fully rated 1 tap, {fully_rated:.2f} s"
        )
