// Builds a sync engine wired to a fake server, with timers the test fires by hand.
import { afterEach, vi } from 'vitest';
import { createApiClient } from '../../src/api.js';
import { META_KEYS, setMeta } from '../../src/db.js';
import { createInTabLocks } from '../../src/session-request.js';
import { createSyncEngine } from '../../src/sync.js';

export function createManualTimers() {
  const all = [];
  const timers = {
    all,
    setTimeout(callback, delay) {
      const timer = { callback, delay, active: true };
      all.push(timer);
      return timer;
    },
    clearTimeout(timer) {
      if (timer) timer.active = false;
    },
    active() {
      return all.filter((timer) => timer.active);
    },
    fire(timer) {
      timer.active = false;
      timer.callback();
    },
  };
  return timers;
}

export async function signIn(server) {
  await setMeta(META_KEYS.user, server.user);
}

const enginesOfThisTest = [];

// A run still going after its test would write into the next test's fresh database.
afterEach(async () => {
  for (const engine of enginesOfThisTest.splice(0)) {
    engine.stop();
    await engine.settled();
  }
});

export async function createTestEngine(server, options = {}) {
  await signIn(server);
  const timers = options.timers ?? createManualTimers();
  const api = createApiClient({ fetchImpl: server.fetch, readCookie: server.readCookie });
  const registerBackgroundSync = vi.fn(async () => {});
  const engine = createSyncEngine({
    fetchImpl: server.fetch,
    readCookie: server.readCookie,
    refreshSession: () => api('/auth/refresh', { method: 'POST' }),
    onAuthChange: () => () => {},
    random: () => 0.5,
    timers,
    locks: createInTabLocks(),
    isOnline: () => true,
    windowTarget: null,
    documentTarget: null,
    serviceWorkerContainer: null,
    registerBackgroundSync,
    ...options,
  });
  enginesOfThisTest.push(engine);
  return { engine, timers, registerBackgroundSync };
}
