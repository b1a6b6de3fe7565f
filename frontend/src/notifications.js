// notifications.js: what the service worker does with a reminder (sw.js wires it to the `push`
// and `notificationclick` events). Kept apart from sw.js so it is tested without a browser.
//
// Exported API:
//   readPushPayload(data) -> payload      the push message's JSON; a message we can't read still
//                                         shows a plain reminder (userVisibleOnly: every push must)
//   notificationFor(payload) -> {title, options}   for registration.showNotification
//   doneUrl(payload) -> '/#/today?done=<item_id>&date=<YYYY-MM-DD>'
//   clickPlan(action, payload) -> {open: url} | {later: token} | {close: true}
//   handleNotificationClick({action, notification}, {clients, fetch, registration}) -> Promise<void>
//   LATER_FAILED = "Couldn't put this off. It's still on Today."
//   OPEN_URL_MESSAGE = 'OPEN_URL'     sent to an open window instead of reloading it
//
// The service worker never writes the diary or the outbox: "Done" opens the app at doneUrl and
// the app ticks the step (views/today.js), so the tick works offline and syncs like any other.
// "Later" is no diary write: it tells the server to send the reminder again in 30 minutes, with
// the token the reminder carried (no session is needed, the service worker has no CSRF header).
// When that fails (offline, or the server refused: an expired token is 422) a short notification
// under the same tag takes the reminder's place and says so, rather than nothing happening.

export const OPEN_URL_MESSAGE = 'OPEN_URL';
export const LATER_FAILED = "Couldn't put this off. It's still on Today.";
const DONE = 'done';
const LATER = 'later';
const ICON = '/icons/icon-192.png';
const FALLBACK = {
  kind: 'item',
  title: 'CrampCare reminder',
  body: 'Open CrampCare to see what is due.',
  tag: 'reminder',
  item_id: null,
  date: null,
  url: '/#/today',
  actions: [],
  later_token: null,
};

export function readPushPayload(data) {
  try {
    const payload = data?.json();
    return payload && typeof payload === 'object' ? { ...FALLBACK, ...payload } : FALLBACK;
  } catch {
    return FALLBACK;
  }
}

export function notificationFor(payload) {
  return {
    title: payload.title || FALLBACK.title,
    options: {
      body: payload.body ?? '',
      tag: payload.tag || FALLBACK.tag,
      data: payload,
      actions: Array.isArray(payload.actions) ? payload.actions : [],
      icon: ICON,
      // A reminder sent again ("Later") under the same tag should buzz again.
      renotify: Boolean(payload.tag),
    },
  };
}

export function doneUrl(payload) {
  const query = new URLSearchParams({ done: payload.item_id, date: payload.date });
  return `/#/today?${query}`;
}

// Only the app's own pages are opened: a payload is the server's, but a URL is never trusted blindly.
function ownAppUrl(url) {
  return typeof url === 'string' && url.startsWith('/#/') ? url : '/#/today';
}

export function clickPlan(action, payload) {
  if (action === LATER) return payload.later_token ? { later: payload.later_token } : { close: true };
  if (action === DONE && payload.item_id && payload.date) return { open: doneUrl(payload) };
  return { open: ownAppUrl(payload.url) };
}

async function openApp(url, clients) {
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find((client) => client.focused) ?? windows.find((client) => client.visibilityState === 'visible') ?? windows[0];
  if (existing) {
    // A message rather than a navigation: a reload would lose a cramp being timed on Bedside.
    const focused = await existing.focus().catch(() => existing);
    (focused ?? existing).postMessage({ type: OPEN_URL_MESSAGE, url });
    return;
  }
  await clients.openWindow(url);
}

async function askLater(token, fetchImpl) {
  try {
    const response = await fetchImpl('/api/v1/push/later', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'omit',
      cache: 'no-store',
    });
    return Boolean(response?.ok);
  } catch {
    return false; // offline
  }
}

// In place of the reminder (same tag), quietly: a tap on it opens Today, where the step still is.
export function laterFailedNotification(payload) {
  const tag = payload.tag || FALLBACK.tag;
  return {
    title: payload.title || FALLBACK.title,
    options: {
      body: LATER_FAILED,
      tag,
      data: { ...FALLBACK, title: payload.title || FALLBACK.title, body: LATER_FAILED, tag },
      actions: [],
      icon: ICON,
      renotify: false,
    },
  };
}

export async function handleNotificationClick({ action, notification }, { clients, fetch: fetchImpl, registration }) {
  const payload = notification.data ?? FALLBACK;
  notification.close();
  const plan = clickPlan(action, payload);
  if (plan.later && !(await askLater(plan.later, fetchImpl)) && registration) {
    const { title, options } = laterFailedNotification(payload);
    try {
      await registration.showNotification(title, options);
    } catch {
      // Nothing more to do: Today still shows the step.
    }
  }
  if (plan.open) await openApp(plan.open, clients);
}
