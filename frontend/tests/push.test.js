import { describe, expect, it, vi } from 'vitest';
import { createPushClient, pushSupport, urlBase64ToBytes } from '../src/push.js';

const KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

// A browser as push.js sees it: Notification, PushManager and a service worker registration.
function fakeBrowser({ permission = 'default', answer = 'granted', existing = null } = {}) {
  const calls = { requestPermission: 0, subscribe: [], unsubscribed: 0 };
  let subscription = existing;
  const makeSubscription = (options) => ({
    endpoint: 'https://push.example.org/send/abc',
    options,
    toJSON: () => ({ endpoint: 'https://push.example.org/send/abc', expirationTime: null, keys: { p256dh: 'p', auth: 'a' } }),
    unsubscribe: async () => {
      calls.unsubscribed += 1;
      subscription = null;
      return true;
    },
  });
  const pushManager = {
    getSubscription: async () => subscription,
    subscribe: async (options) => {
      calls.subscribe.push(options);
      subscription = makeSubscription(options);
      return subscription;
    },
  };
  const registration = { pushManager };
  const Notification = {
    permission,
    requestPermission: async () => {
      calls.requestPermission += 1;
      Notification.permission = answer;
      return answer;
    },
  };
  return {
    calls,
    scope: {
      Notification,
      PushManager: function PushManager() {},
      navigator: { serviceWorker: { ready: Promise.resolve(registration), getRegistration: async () => registration } },
    },
  };
}

function fakeServer() {
  const requests = [];
  const request = vi.fn(async (path, options = {}) => {
    requests.push({ path, ...options });
    if (path === '/push/key') return { public_key: KEY };
    return { endpoint: options.body?.endpoint };
  });
  return { request, requests };
}

describe('whether this browser can get reminders', () => {
  it('says unsupported without PushManager (iOS Safari before the Home Screen)', () => {
    expect(pushSupport({ navigator: { serviceWorker: {} }, Notification: { permission: 'default' } })).toBe('unsupported');
  });

  it('reads the permission otherwise', () => {
    for (const [permission, support] of [['default', 'ask'], ['granted', 'granted'], ['denied', 'denied']]) {
      expect(pushSupport(fakeBrowser({ permission }).scope)).toBe(support);
    }
  });
});

describe('turning notifications on', () => {
  it('asks once, subscribes with the server key and stores the subscription on the server', async () => {
    const { scope, calls } = fakeBrowser();
    const { request, requests } = fakeServer();
    expect(await createPushClient({ request, scope }).turnOn()).toBe('subscribed');
    expect(calls.requestPermission).toBe(1);
    expect(calls.subscribe).toHaveLength(1);
    expect(calls.subscribe[0].userVisibleOnly).toBe(true);
    expect(calls.subscribe[0].applicationServerKey).toEqual(urlBase64ToBytes(KEY));
    expect(urlBase64ToBytes(KEY)).toHaveLength(65); // an uncompressed P-256 point
    const stored = requests.find((entry) => entry.path === '/push/subscriptions');
    expect(stored).toMatchObject({ method: 'POST', body: { endpoint: 'https://push.example.org/send/abc', keys: { p256dh: 'p', auth: 'a' } } });
    expect(stored.body).not.toHaveProperty('expirationTime');
  });

  it('subscribes nothing when the patient says no', async () => {
    const { scope, calls } = fakeBrowser({ answer: 'denied' });
    const { request } = fakeServer();
    expect(await createPushClient({ request, scope }).turnOn()).toBe('denied');
    expect(calls.subscribe).toHaveLength(0);
    expect(request).not.toHaveBeenCalled();
  });

  it('never asks again once blocked', async () => {
    const { scope, calls } = fakeBrowser({ permission: 'denied' });
    expect(await createPushClient({ request: fakeServer().request, scope }).turnOn()).toBe('denied');
    expect(calls.requestPermission).toBe(0);
  });

  it('keeps a subscription only when already allowed, without asking', async () => {
    const asking = fakeBrowser();
    expect(await createPushClient({ request: fakeServer().request, scope: asking.scope }).keep()).toBe(false);
    expect(asking.calls.requestPermission).toBe(0);
    const granted = fakeBrowser({ permission: 'granted' });
    const { request, requests } = fakeServer();
    expect(await createPushClient({ request, scope: granted.scope }).keep()).toBe(true);
    expect(granted.calls.requestPermission).toBe(0);
    expect(requests.map((entry) => entry.path)).toEqual(['/push/key', '/push/subscriptions']);
  });

  it('replaces a subscription made for another server key', async () => {
    const old = { endpoint: 'https://push.example.org/old', options: { applicationServerKey: new Uint8Array([1, 2, 3]).buffer }, unsubscribe: vi.fn(async () => true) };
    const { scope, calls } = fakeBrowser({ permission: 'granted', existing: old });
    await createPushClient({ request: fakeServer().request, scope }).keep();
    expect(old.unsubscribe).toHaveBeenCalled();
    expect(calls.subscribe).toHaveLength(1);
  });
});

describe('signing out', () => {
  it('asks the server to forget the subscription and unsubscribes the browser', async () => {
    const { scope, calls } = fakeBrowser({ permission: 'granted' });
    const { request, requests } = fakeServer();
    const client = createPushClient({ request, scope });
    await client.keep();
    await client.forget();
    expect(requests.at(-1)).toMatchObject({ path: '/push/subscriptions', method: 'DELETE', body: { endpoint: 'https://push.example.org/send/abc' } });
    expect(calls.unsubscribed).toBe(1);
    expect(await client.isSubscribed()).toBe(false);
  });

  it('never fails, even offline', async () => {
    const { scope, calls } = fakeBrowser({ permission: 'granted' });
    const client = createPushClient({ request: fakeServer().request, scope });
    await client.keep();
    const offline = createPushClient({ request: async () => { throw new Error('offline'); }, scope });
    await expect(offline.forget()).resolves.toBeUndefined();
    expect(calls.unsubscribed).toBe(1);
  });
});
