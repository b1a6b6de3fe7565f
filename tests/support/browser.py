"""Steps the browser tests share: signing up through the app, logging cramps, reading the API."""

import base64
import json
import os
import re
import time
import uuid
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PASSWORD = "a long bedside passphrase"


class Api:
    """The REST API as a second client would see it (bearer tokens, no cookies)."""

    def __init__(self, base_url: str, email: str, password: str = PASSWORD):
        self.base_url = f"{base_url}/api/v1"
        response = requests.post(
            f"{self.base_url}/auth/login", json={"email": email, "password": password}, timeout=10
        )
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    def get(self, path: str, **params):
        response = requests.get(f"{self.base_url}{path}", headers=self.headers, params=params, timeout=10)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict):
        response = requests.post(f"{self.base_url}{path}", headers=self.headers, json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def patch(self, path: str, body: dict):
        response = requests.patch(f"{self.base_url}{path}", headers=self.headers, json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def episodes(self) -> list[dict]:
        return self.get("/episodes", page_size=200)


def new_email(prefix: str = "patient") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


def sign_up(page, *, role: str = "patient", email: str | None = None, welcome: bool = False) -> str:
    """Create an account through the app's own form. A patient is welcomed first; unless
    `welcome`, the helper goes on from there to the bedside screen, the patient's home."""
    email = email or new_email(role)
    page.goto("/#/signup")
    page.get_by_label("Your name").fill("Sam Test" if role == "patient" else "Dr Test")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if role == "clinician":
        page.get_by_text("A clinician").click()
    page.get_by_role("button", name="Create account").click()
    if role == "patient":
        page.get_by_role("heading", level=1, name=re.compile(r"^Welcome")).wait_for()
        if welcome:
            return email
        page.get_by_role("link", name="Go to the bedside screen").click()
    home = "Bedside" if role == "patient" else "Patients"
    page.get_by_role("heading", level=1, name=home).wait_for()
    return email


def log_in(page, email: str) -> None:
    page.goto("/#/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_role("heading", level=1, name="Bedside").wait_for()


def wait_for_service_worker(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def wait_for_status(page, pattern: str, timeout: float = 20_000) -> None:
    """Waits until the sync status line matches the regular expression (e.g. '^Synced$')."""
    page.locator(".sync-text").filter(has_text=re.compile(pattern)).wait_for(timeout=timeout)


def log_cramp(page, *, side: str | None = None, severity: int | None = None) -> None:
    page.get_by_role("button", name="Cramp now").click()
    page.get_by_role("timer").wait_for()
    if side:
        page.locator(".side-choices, .row-choices").get_by_text(side, exact=True).click()
    if severity is not None:
        page.locator(".severity-choices").get_by_text(str(severity), exact=True).click()
    page.get_by_role("button", name="It's over").click()
    page.get_by_role("button", name="Cramp now").wait_for()


def axe_violations(page) -> list[dict]:
    """Runs axe-core on the page as it is now. It is evaluated through the DevTools protocol rather
    than added as a <script>, which the app's CSP (script-src 'self') would rightly refuse."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text() + "\n;0")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }""",
        AXE_TAGS,
    )


def local_episodes(page) -> list[dict]:
    """The episodes in the app's IndexedDB, read the way the app stores them."""
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('crampcare');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const request = open.result.transaction('episodes').objectStore('episodes').getAll();
                request.onsuccess = () => { open.result.close(); resolve(request.result); };
                request.onerror = () => reject(request.error);
            };
        })"""
    )


def outbox_count(page) -> int:
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('crampcare');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const request = open.result.transaction('outbox').objectStore('outbox').count();
                request.onsuccess = () => { open.result.close(); resolve(request.result); };
                request.onerror = () => reject(request.error);
            };
        })"""
    )


def wait_until_synced(page, timeout: float = 20.0) -> None:
    """Waits for an empty outbox and the status line saying "Synced" (one is not enough: the
    line may still show the state from before the last write)."""
    deadline = time.monotonic() + timeout
    while True:
        if outbox_count(page) == 0 and page.locator(".sync-text").inner_text() == "Synced":
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"not synced: {page.locator('.sync-text').inner_text()!r}")
        time.sleep(0.1)


def poll(condition, timeout: float = 10.0, interval: float = 0.01):
    """Calls condition() until it returns something truthy, which is returned."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {condition}")
        time.sleep(interval)
    return result


# --- Reminders: the browser's push side, stubbed -------------------------------------------------
# Chromium can subscribe only through a real push service, which a test machine can't reach. So
# only the browser's own objects are replaced: Notification.permission and requestPermission (to
# count when the question is asked), and PushManager's subscribe and getSubscription (to hand out
# the subscription the test chose). The app's requests to our API go through untouched. State is
# kept in localStorage so it survives reloads within the context.
_PUSH_STUB = """
(() => {
  const KEY = '__crampcare_push_stub';
  const CONFIG = %s;
  let storage;
  try { storage = window.localStorage; } catch { return; }
  if (!storage || !('Notification' in window) || !('PushManager' in window)) return;
  const fresh = {
    permission: CONFIG.permission, asked: 0, askedFrom: [],
    subscribeCalls: [], subscribed: null, unsubscribed: 0,
  };
  const read = () => JSON.parse(storage.getItem(KEY) || 'null') || fresh;
  const write = (state) => storage.setItem(KEY, JSON.stringify(state));
  const toBase64Url = (bytes) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  const fromBase64Url = (text) =>
    Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
  const subscriptionFrom = (stored) => stored && {
    endpoint: stored.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: fromBase64Url(stored.serverKey).buffer },
    toJSON: () => ({ endpoint: stored.endpoint, expirationTime: null, keys: stored.keys }),
    unsubscribe: async () => {
      const state = read();
      state.subscribed = null;
      state.unsubscribed += 1;
      write(state);
      return true;
    },
  };
  Object.defineProperty(Notification, 'permission', { configurable: true, get: () => read().permission });
  Notification.requestPermission = async () => {
    const state = read();
    state.asked += 1;
    state.askedFrom.push(location.hash);
    state.permission = CONFIG.answer;
    write(state);
    return CONFIG.answer;
  };
  PushManager.prototype.subscribe = async function (options) {
    const state = read();
    const serverKey = toBase64Url(options.applicationServerKey);
    state.subscribeCalls.push({ userVisibleOnly: options.userVisibleOnly, serverKey });
    state.subscribed = { ...CONFIG.subscription, serverKey };
    write(state);
    return subscriptionFrom(state.subscribed);
  };
  PushManager.prototype.getSubscription = async function () {
    return subscriptionFrom(read().subscribed);
  };
})();
"""


def browser_subscription(endpoint_base: str = "https://fcm.googleapis.com/fcm/send/") -> dict:
    """A push subscription as a browser's toJSON() gives it: a real P-256 key and auth secret,
    at an endpoint on a push service the server accepts."""

    def b64url(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": f"{endpoint_base}e2e-{uuid.uuid4().hex}",
        "keys": {"p256dh": b64url(public), "auth": b64url(os.urandom(16))},
    }


def stub_push(context, subscription: dict, *, permission: str = "default", answer: str = "granted") -> None:
    """Replaces the browser's notification permission and PushManager in every page of `context`
    (see _PUSH_STUB): the permission starts as `permission`, a request answers `answer`, and
    subscribing gives `subscription`."""
    config = {"permission": permission, "answer": answer, "subscription": subscription}
    context.add_init_script(_PUSH_STUB % json.dumps(config))


def push_stub_state(page) -> dict:
    """What the stub saw: {permission, asked, askedFrom, subscribeCalls, subscribed, unsubscribed}."""
    return page.evaluate("() => JSON.parse(localStorage.getItem('__crampcare_push_stub') || 'null')")


def api_call(api: Api, method: str, path: str, body: dict | None = None) -> requests.Response:
    """One signed-in request as `api`, its response returned whatever the status."""
    return requests.request(method, f"{api.base_url}{path}", headers=api.headers, json=body, timeout=10)
