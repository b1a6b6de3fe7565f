import { describe, expect, it, vi } from 'vitest';
import { LATER_FAILED, OPEN_URL_MESSAGE, clickPlan, doneUrl, handleNotificationClick, notificationFor, readPushPayload } from '../src/notifications.js';

const ITEM_ID = '5d1e8c3a-7b42-4f0e-a9c1-2e3f4a5b6c7d';
const PAYLOAD = {
  kind: 'item',
  title: 'Time for: Stretch calves before bed',
  body: "About three minutes. Tap Done when it's done.",
  tag: `reminder:${ITEM_ID}:2026-12-01`,
  item_id: ITEM_ID,
  date: '2026-12-01',
  url: '/#/today',
  actions: [{ action: 'done', title: 'Done' }, { action: 'later', title: 'Later' }],
  later_token: 'token-1',
};

function fakeClients(windows = []) {
  return {
    matchAll: vi.fn(async () => windows),
    openWindow: vi.fn(async () => null),
  };
}

function fakeWindow({ focused = false } = {}) {
  const client = { focused, visibilityState: 'visible', postMessage: vi.fn(), focus: vi.fn(async () => client) };
  return client;
}

function click(action, payload = PAYLOAD) {
  return { action, notification: { data: payload, close: vi.fn() } };
}

describe('showing a reminder', () => {
  it('uses the payload for title, body, tag, actions and keeps it as data', () => {
    const { title, options } = notificationFor(readPushPayload({ json: () => PAYLOAD }));
    expect(title).toBe(PAYLOAD.title);
    expect(options).toMatchObject({ body: PAYLOAD.body, tag: PAYLOAD.tag, actions: PAYLOAD.actions });
    expect(options.data.item_id).toBe(ITEM_ID);
  });

  it('still shows something for a message it cannot read (every push must show)', () => {
    const { title } = notificationFor(readPushPayload({ json: () => { throw new SyntaxError('bad'); } }));
    expect(title).toBe('CrampCare reminder');
    expect(notificationFor(readPushPayload(null)).options.data.url).toBe('/#/today');
  });
});

describe('tapping a reminder', () => {
  it('"Done" opens Today with the item and day; the app ticks it', () => {
    expect(doneUrl(PAYLOAD)).toBe(`/#/today?done=${ITEM_ID}&date=2026-12-01`);
    expect(clickPlan('done', PAYLOAD)).toEqual({ open: doneUrl(PAYLOAD) });
  });

  it('a plain tap opens the payload URL, only ever one of the app', () => {
    expect(clickPlan('', { ...PAYLOAD, url: '/#/diary' })).toEqual({ open: '/#/diary' });
    expect(clickPlan('', { ...PAYLOAD, url: 'https://elsewhere.example/' })).toEqual({ open: '/#/today' });
  });

  it('"Later" posts the token without a session, closes and opens nothing', async () => {
    const fetch = vi.fn(async () => ({ ok: true, status: 202 }));
    const clients = fakeClients();
    const event = click('later');
    await handleNotificationClick(event, { clients, fetch });
    expect(event.notification.close).toHaveBeenCalled();
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/v1/push/later');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ token: 'token-1' });
    expect(clients.openWindow).not.toHaveBeenCalled();
    expect(clients.matchAll).not.toHaveBeenCalled();
  });

  it('"Later" offline says so in a notification that takes the reminder\'s place', async () => {
    const fetch = vi.fn(async () => { throw new TypeError('Failed to fetch'); });
    const registration = { showNotification: vi.fn(async () => undefined) };
    const clients = fakeClients();
    await expect(handleNotificationClick(click('later'), { clients, fetch, registration })).resolves.toBeUndefined();
    expect(registration.showNotification).toHaveBeenCalledTimes(1);
    const [title, options] = registration.showNotification.mock.calls[0];
    expect(title).toBe(PAYLOAD.title);
    expect(options).toMatchObject({ body: LATER_FAILED, tag: PAYLOAD.tag, actions: [] });
    expect(LATER_FAILED).toBe("Couldn't put this off. It's still on Today.");
    // A tap on it opens Today; it carries no "Later" to try again with.
    expect(clickPlan('', options.data)).toEqual({ open: '/#/today' });
    expect(options.data.later_token).toBeNull();
    expect(clients.openWindow).not.toHaveBeenCalled();
  });

  it('"Later" refused by the server (an expired token) says so too', async () => {
    const fetch = vi.fn(async () => ({ ok: false, status: 422 }));
    const registration = { showNotification: vi.fn(async () => undefined) };
    await handleNotificationClick(click('later'), { clients: fakeClients(), fetch, registration });
    expect(registration.showNotification).toHaveBeenCalledWith(PAYLOAD.title, expect.objectContaining({ body: LATER_FAILED, tag: PAYLOAD.tag }));
  });

  it('"Later" accepted shows nothing more', async () => {
    const fetch = vi.fn(async () => ({ ok: true, status: 202 }));
    const registration = { showNotification: vi.fn(async () => undefined) };
    await handleNotificationClick(click('later'), { clients: fakeClients(), fetch, registration });
    expect(registration.showNotification).not.toHaveBeenCalled();
  });

  it('focuses an open window and tells it where to go, without reloading it', async () => {
    const open = fakeWindow({ focused: true });
    const clients = fakeClients([fakeWindow(), open]);
    await handleNotificationClick(click('done'), { clients, fetch: vi.fn() });
    expect(open.focus).toHaveBeenCalled();
    expect(open.postMessage).toHaveBeenCalledWith({ type: OPEN_URL_MESSAGE, url: doneUrl(PAYLOAD) });
    expect(clients.openWindow).not.toHaveBeenCalled();
  });

  it('opens a window when the app is closed', async () => {
    const clients = fakeClients();
    await handleNotificationClick(click('done'), { clients, fetch: vi.fn() });
    expect(clients.openWindow).toHaveBeenCalledWith(doneUrl(PAYLOAD));
  });

  it('never writes anything itself: "Done" makes no request', async () => {
    const fetch = vi.fn();
    await handleNotificationClick(click('done'), { clients: fakeClients(), fetch });
    expect(fetch).not.toHaveBeenCalled();
  });
});
