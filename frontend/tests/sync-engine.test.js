import { describe, expect, it, vi } from 'vitest';
import { META_KEYS, setMeta } from '../src/db.js';
import { pendingCount, writeLocal } from '../src/outbox.js';
import { SESSION_LOCK_NAME, createInTabLocks } from '../src/session-request.js';
import { BACKOFF_CAP_MS, WRITE_DEBOUNCE_MS, computeBackoffDelay } from '../src/sync.js';
import { createManualTimers, createTestEngine } from './helpers/engine.js';
import { createFakeServer } from './helpers/fake-server.js';

async function writeEpisodes(count, prefix = 'e') {
  for (let index = 0; index < count; index += 1) await writeLocal('episode', { id: `${prefix}${index}`, severity: 2 });
}

describe('backoff', () => {
  it('doubles from 2 s, jittered between half and full, never above 5 minutes', () => {
    const lowest = [1, 2, 3, 4, 8, 9, 30].map((failures) => computeBackoffDelay(failures, () => 0));
    const highest = [1, 2, 3, 4, 8, 9, 30].map((failures) => computeBackoffDelay(failures, () => 1));

    expect(highest).toEqual([2000, 4000, 8000, 16000, 256000, BACKOFF_CAP_MS, BACKOFF_CAP_MS]);
    expect(lowest).toEqual(highest.map((delay) => delay / 2));
    expect(computeBackoffDelay(1000, () => 0.999)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
  });

  it('stops at a network failure, keeps the rest queued and schedules a jittered retry', async () => {
    const server = createFakeServer();
    const randomValues = [0.1, 0.9];
    const { engine, timers, registerBackgroundSync } = await createTestEngine(server, {
      random: () => randomValues.shift(),
    });
    await writeEpisodes(150);
    server.failNext('/sync/push', 'network');

    expect(await engine.sync()).toBe('offline');

    expect(server.pushRequests()).toHaveLength(1); // did not go on to the next batch or the pull
    expect(server.requests.some((request) => request.path === '/api/v1/sync/pull')).toBe(false);
    expect(await pendingCount()).toBe(150);
    expect(timers.active().map((timer) => timer.delay)).toEqual([computeBackoffDelay(1, () => 0.1)]);
    expect(registerBackgroundSync).toHaveBeenCalled();
    expect((await engine.getSyncStatus()).state).toBe('offline');

    server.failNext('/sync/push', 'network');
    timers.fire(timers.active()[0]);
    await vi.waitFor(() => expect(timers.active()).toHaveLength(1));
    expect(timers.active()[0].delay).toBe(computeBackoffDelay(2, () => 0.9));

    timers.fire(timers.active()[0]);
    await vi.waitFor(async () => expect(await pendingCount()).toBe(0));
    expect(timers.active()).toEqual([]);
  });

  it('treats 5xx and 429 as passing trouble and honours Retry-After', async () => {
    const server = createFakeServer();
    const { engine, timers } = await createTestEngine(server, { random: () => 0 });
    await writeEpisodes(1);
    server.failNext('/sync/push', { status: 503 });

    expect(await engine.sync()).toBe('error');
    expect(timers.active()[0].delay).toBe(1000);

    server.failNext('/sync/push', { status: 429, retryAfter: 120 });
    expect(await engine.sync()).toBe('error');
    expect(timers.active()[0].delay).toBe(120000);
    expect(await pendingCount()).toBe(1);
  });

  it('never waits longer than 5 minutes, however long the trouble lasts', async () => {
    const server = createFakeServer();
    const { engine, timers } = await createTestEngine(server, { random: () => 1 });
    await writeEpisodes(1);
    for (let attempt = 0; attempt < 15; attempt += 1) {
      server.failNext('/sync/push', { status: 429, retryAfter: 3600 });
      await engine.sync();
    }

    const delays = timers.all.map((timer) => timer.delay);
    expect(Math.max(...delays)).toBe(BACKOFF_CAP_MS);
  });
});

describe('one sync at a time', () => {
  it('joins two calls in the same tab into one run', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeEpisodes(3);

    const first = engine.sync();
    const second = engine.sync();

    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(server.pushRequests()).toHaveLength(1);
    expect(server.requests.filter((request) => request.path === '/api/v1/sync/pull')).toHaveLength(1);
  });

  it('lets two tabs sharing a lock take turns, never overlapping', async () => {
    const server = createFakeServer({ latencyMs: 5 });
    const locks = createInTabLocks(); // stands in for navigator.locks shared by the tabs
    const firstTab = await createTestEngine(server, { locks });
    const secondTab = await createTestEngine(server, { locks });
    await writeEpisodes(3);

    await Promise.all([firstTab.engine.sync(), secondTab.engine.sync()]);

    expect(server.maxInFlight).toBe(1);
    // The second tab found the outbox already empty, so the changes went up exactly once.
    expect(server.pushRequests()).toHaveLength(1);
    expect(server.liveRecords('episode')).toHaveLength(3);
  });

  it('uses the Web Locks manager under the crampcare-sync name', async () => {
    const server = createFakeServer();
    const inner = createInTabLocks();
    const locks = { request: vi.fn((name, callback) => inner.request(name, callback)) };
    const { engine } = await createTestEngine(server, { locks });

    await engine.sync();

    expect(locks.request).toHaveBeenCalledWith('crampcare-sync', expect.any(Function));
  });

  it('refreshes an expired session under the session lock, inside its own run', async () => {
    const server = createFakeServer();
    const inner = createInTabLocks();
    const locks = { request: vi.fn((name, callback) => inner.request(name, callback)) };
    const { engine } = await createTestEngine(server, { locks });
    server.expireAccessToken();

    expect(await engine.sync()).toBe('synced');

    expect(locks.request.mock.calls.map(([name]) => name)).toEqual(['crampcare-sync', SESSION_LOCK_NAME]);
  });
});

describe('triggers', () => {
  it('syncs once, shortly after a burst of local writes', async () => {
    const server = createFakeServer();
    const timers = createManualTimers();
    const { engine } = await createTestEngine(server, { timers });
    await engine.start();
    expect(server.pushRequests()).toHaveLength(0); // the start sync had nothing to push

    await writeEpisodes(3);

    expect(timers.active().map((timer) => timer.delay)).toEqual([WRITE_DEBOUNCE_MS]);
    timers.fire(timers.active()[0]);
    await vi.waitFor(async () => expect(await pendingCount()).toBe(0));
    expect(server.pushRequests()).toHaveLength(1);
    engine.stop();
  });

  it('a write during a long backoff brings the retry forward', async () => {
    const server = createFakeServer();
    const { engine, timers } = await createTestEngine(server, { random: () => 1 });
    await engine.start();
    await writeEpisodes(1);
    server.failNext('/sync/push', { status: 429, retryAfter: 200 });
    timers.fire(timers.active()[0]);
    await vi.waitFor(() => expect(timers.active().map((timer) => timer.delay)).toEqual([200000]));

    await writeEpisodes(1, 'later');

    expect(timers.active().map((timer) => timer.delay)).toEqual([WRITE_DEBOUNCE_MS]);
    engine.stop();
  });

  it('syncs when the browser comes online and when the page becomes visible', async () => {
    const server = createFakeServer();
    const windowTarget = new EventTarget();
    const documentTarget = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const serviceWorkerContainer = new EventTarget();
    const { engine } = await createTestEngine(server, { windowTarget, documentTarget, serviceWorkerContainer });
    await engine.start();
    const pulls = () => server.requests.filter((request) => request.path === '/api/v1/sync/pull').length;
    expect(pulls()).toBe(1);

    windowTarget.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(pulls()).toBe(2));

    documentTarget.dispatchEvent(new Event('visibilitychange')); // still hidden: nothing
    documentTarget.visibilityState = 'visible';
    documentTarget.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(pulls()).toBe(3));

    const message = new Event('message');
    message.data = { type: 'SYNC_REQUESTED' }; // from the service worker's Background Sync
    serviceWorkerContainer.dispatchEvent(message);
    await vi.waitFor(() => expect(pulls()).toBe(4));

    engine.stop();
    windowTarget.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls()).toBe(4);
  });

  it('does not try while the browser says it is offline', async () => {
    const server = createFakeServer();
    const { engine, timers } = await createTestEngine(server, { isOnline: () => false });
    await writeEpisodes(1);

    expect(await engine.sync()).toBe('offline');

    expect(server.requests).toEqual([]);
    expect(timers.active()).toEqual([]);
  });
});

describe('status', () => {
  it('reports pending changes with the oldest, then synced', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server, { now: () => Date.parse('2025-03-01T07:00:00Z') });
    await writeEpisodes(2);

    const before = await engine.getSyncStatus();
    expect(before).toMatchObject({ state: 'pending', pending: 2, lastSyncAt: null, rejected: 0 });
    expect(Date.parse(before.oldestPendingAt)).not.toBeNaN();

    await engine.sync();

    expect(await engine.getSyncStatus()).toMatchObject({
      state: 'synced',
      pending: 0,
      oldestPendingAt: null,
      lastSyncAt: '2025-03-01T07:00:00.000Z',
    });
  });

  it('tells subscribers about syncing and the result, until they unsubscribe', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeEpisodes(1);
    const states = [];
    const unsubscribe = engine.onSyncStatus((status) => states.push(status.state));
    await vi.waitFor(() => expect(states).toEqual(['pending']));

    await engine.sync();
    expect(states).toEqual(['pending', 'syncing', 'synced']);

    unsubscribe();
    await engine.sync();
    expect(states).toHaveLength(3);
  });

  it('asks for a sign-in when no one is signed in on this device', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await setMeta(META_KEYS.user, null);

    expect(await engine.sync()).toBe('auth_required');
    expect(server.requests).toEqual([]);
  });
});
