// sync.js: the offline sync engine. Decides when to sync, keeps it to one run at a time across
// tabs, backs off on failure and reports status; sync-protocol.js does the pushing and pulling.
//
// Exported API:
//   createSyncEngine(options?) -> SyncEngine    (options below; all optional, for tests)
//   syncEngine                                  the app's engine (default options)
//   startSync() -> Promise<SyncOutcome>         wire the triggers and sync now; call at app start
//   stopSync() -> void
//   syncNow() -> Promise<SyncOutcome>           join the running sync or start one
//   scheduleSync(delayMs = WRITE_DEBOUNCE_MS) -> void
//   getSyncStatus() -> Promise<SyncStatus>
//   onSyncStatus(callback) -> unsubscribe       callback(SyncStatus) now and on every change
//   computeBackoffDelay(failureCount, random = Math.random) -> milliseconds
//   class AuthRequiredError extends Error
//   SYNC_LOCK_NAME, BACKGROUND_SYNC_TAG, WRITE_DEBOUNCE_MS, BACKOFF_BASE_MS, BACKOFF_CAP_MS
//
// SyncEngine: { start, stop, sync, scheduleSync, getSyncStatus, onSyncStatus, settled,
//               pushPending, pullChanges }
//   settled() -> Promise<void>  resolves once no run of this engine is in progress
//   pushPending / pullChanges run one step without the sync lock or status (tests and diagnostics)
// SyncStatus: { state: 'synced'|'pending'|'syncing'|'offline'|'error'|'auth_required', pending,
//               oldestPendingAt, lastSyncAt, rejected, nextRetryAt, lastError }
//   pending: queued changes; oldestPendingAt / lastSyncAt: ISO strings or null;
//   rejected: number of changes the server refused, kept for review (outbox.getRejectedMutations)
// SyncOutcome: 'synced' | 'offline' | 'error' | 'auth_required'
//
// Options of createSyncEngine:
//   fetchImpl, readCookie     for the API client (defaults: global fetch, document.cookie)
//   refreshSession            () => Promise; default auth.refresh
//   getUser                   () => Promise<user|null>; default auth.currentUser
//   onAuthChange              default auth.onAuthChange
//   now, random               clock (ms) and jitter source
//   timers                    { setTimeout, clearTimeout }
//   locks                     a Web Locks LockManager for the sync lock and the session refresh;
//                             default tabLocks() (session-request.js)
//   isOnline                  () => boolean; default navigator.onLine
//   windowTarget, documentTarget, serviceWorkerContainer   event sources for the triggers
//   registerBackgroundSync    () => Promise; asks the browser to wake us when back online
//   writeDebounceMs
//
// Triggers: start, `online`, the page becoming visible, shortly after a local write, the backoff
// timer, a login, and the service worker's Background Sync message. Failures that may pass
// (offline, 5xx, 429) stop the run and retry with jittered exponential backoff up to 5 minutes.
// On 401 the session is refreshed once and the same request sent again (session-request.js); if
// that fails the status is auth_required and the outbox waits for the next login.

import { ApiError, NetworkError, createApiClient } from './api.js';
import * as auth from './auth.js';
import { META_KEYS, getMeta, setMeta } from './db.js';
import { getRejectedMutations, oldestPendingAt, onOutboxChange, pendingCount } from './outbox.js';
import { SessionEndedError, createSessionRequest, tabLocks } from './session-request.js';
import { getClientId, pullChanges, pushPending, refreshServerViews } from './sync-protocol.js';

export const SYNC_LOCK_NAME = 'crampcare-sync';
export const BACKGROUND_SYNC_TAG = 'crampcare-sync';
export const WRITE_DEBOUNCE_MS = 1500;
export const BACKOFF_BASE_MS = 2000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;

export class AuthRequiredError extends Error {
  constructor() {
    super('Please sign in again to sync.');
    this.name = 'AuthRequiredError';
  }
}

// "Equal jitter": half of the wait is fixed so it keeps growing, half is random so devices that
// failed at the same moment (a server restart) don't all come back at the same moment.
export function computeBackoffDelay(failureCount, random = Math.random) {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failureCount - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

async function registerBackgroundSyncWithServiceWorker() {
  const container = globalThis.navigator?.serviceWorker;
  if (!container) return;
  const registration = await container.getRegistration();
  if (registration && 'sync' in registration) await registration.sync.register(BACKGROUND_SYNC_TAG);
}

export function createSyncEngine({
  fetchImpl,
  readCookie,
  refreshSession = auth.refresh,
  getUser = auth.currentUser,
  onAuthChange = auth.onAuthChange,
  now = () => Date.now(),
  random = Math.random,
  timers = {
    setTimeout: (callback, delay) => globalThis.setTimeout(callback, delay),
    clearTimeout: (handle) => globalThis.clearTimeout(handle),
  },
  locks = tabLocks(),
  isOnline = () => globalThis.navigator?.onLine ?? true,
  windowTarget = globalThis.window,
  documentTarget = globalThis.document,
  serviceWorkerContainer = globalThis.navigator?.serviceWorker,
  registerBackgroundSync = registerBackgroundSyncWithServiceWorker,
  writeDebounceMs = WRITE_DEBOUNCE_MS,
} = {}) {
  const statusListeners = new Set();
  const stopFunctions = [];
  let currentRun = null;
  let runAgainAfterCurrent = false;
  let timer = null; // { handle, dueAt }
  let failureCount = 0;
  let lastOutcome = null;
  let lastError = null;
  let syncing = false;
  let publishTicket = 0;

  const sessionRequest = createSessionRequest({
    request: createApiClient({ fetchImpl, readCookie }),
    refreshSession,
    locks,
  });

  // A session that can't be refreshed waits for the next login; retrying would not help.
  async function request(path, options) {
    try {
      return await sessionRequest(path, options);
    } catch (error) {
      throw error instanceof SessionEndedError ? new AuthRequiredError() : error;
    }
  }

  function deriveState(pending) {
    if (syncing) return 'syncing';
    if (lastOutcome === 'auth_required') return 'auth_required';
    if (lastOutcome === 'offline' || !isOnline()) return 'offline';
    if (lastOutcome === 'error') return 'error';
    return pending > 0 ? 'pending' : 'synced';
  }

  async function getSyncStatus() {
    const [pending, oldest, lastSyncAt, rejected] = await Promise.all([
      pendingCount(),
      oldestPendingAt(),
      getMeta(META_KEYS.lastSyncAt),
      getRejectedMutations(),
    ]);
    return {
      state: deriveState(pending),
      pending,
      oldestPendingAt: oldest,
      lastSyncAt: lastSyncAt ?? null,
      rejected: rejected.length,
      nextRetryAt: timer && failureCount > 0 ? new Date(timer.dueAt).toISOString() : null,
      lastError,
    };
  }

  async function publishStatus() {
    if (statusListeners.size === 0) return;
    // Reads are async; only the newest one is delivered, so listeners never go back in time.
    const ticket = ++publishTicket;
    const status = await getSyncStatus();
    if (ticket !== publishTicket) return;
    for (const listener of statusListeners) listener(status);
  }

  function onSyncStatus(callback) {
    statusListeners.add(callback);
    getSyncStatus().then((status) => statusListeners.has(callback) && callback(status));
    return () => statusListeners.delete(callback);
  }

  function clearTimer() {
    if (timer) timers.clearTimeout(timer.handle);
    timer = null;
  }

  // An earlier due time always wins: a write during a long backoff retries soon, and a burst of
  // writes makes one sync, not one per keystroke.
  function scheduleSync(delayMs = writeDebounceMs) {
    const dueAt = now() + delayMs;
    if (timer && timer.dueAt <= dueAt) return;
    clearTimer();
    const handle = timers.setTimeout(() => {
      timer = null;
      if (currentRun) runAgainAfterCurrent = true;
      else sync();
    }, delayMs);
    timer = { handle, dueAt };
  }

  function recordFailure(error) {
    lastError = error.message;
    if (error instanceof AuthRequiredError) {
      lastOutcome = 'auth_required';
      return; // nothing to retry until the user signs in again
    }
    // Offline, 5xx and 429 usually pass. Anything else (a 4xx for the whole batch, a bug) backs
    // off the same way, so a fixed server or a new app version picks the queue up again.
    lastOutcome = error instanceof NetworkError ? 'offline' : 'error';
    failureCount += 1;
    let delay = computeBackoffDelay(failureCount, random);
    if (error instanceof ApiError && error.retryAfterSeconds) {
      delay = Math.min(BACKOFF_CAP_MS, Math.max(delay, error.retryAfterSeconds * 1000));
    }
    runAgainAfterCurrent = false; // the backoff timer is the retry
    scheduleSync(delay);
    if (error instanceof NetworkError) registerBackgroundSync().catch(() => {});
  }

  async function runOnce() {
    clearTimer(); // this run does what a scheduled one would have done
    try {
      const user = await getUser();
      if (!user) {
        lastOutcome = 'auth_required';
        return lastOutcome;
      }
      if (!isOnline()) {
        // The browser knows it has no network; the `online` event will bring us back.
        lastOutcome = 'offline';
        return lastOutcome;
      }
      syncing = true;
      await publishStatus();
      // Clinicians work online through the REST API; only patient devices hold a synced diary.
      const isPatient = user.role !== 'clinician';
      if (isPatient) {
        await pushPending({ request, clientId: await getClientId(), now });
        await pullChanges({ request });
      }
      await setMeta(META_KEYS.lastSyncAt, new Date(now()).toISOString());
      await refreshServerViews({ request, now, includePatientViews: isPatient });
      failureCount = 0;
      lastOutcome = 'synced';
      lastError = null;
    } catch (error) {
      recordFailure(error);
    } finally {
      syncing = false;
      await publishStatus().catch(() => {});
    }
    return lastOutcome;
  }

  function sync() {
    if (currentRun) return currentRun;
    currentRun = (async () => {
      try {
        return await locks.request(SYNC_LOCK_NAME, () => runOnce());
      } finally {
        currentRun = null;
        if (runAgainAfterCurrent) {
          runAgainAfterCurrent = false;
          sync();
        }
      }
    })();
    return currentRun;
  }

  function listen(target, type, handler) {
    if (!target || typeof target.addEventListener !== 'function') return;
    target.addEventListener(type, handler);
    stopFunctions.push(() => target.removeEventListener(type, handler));
  }

  function start() {
    if (stopFunctions.length > 0) return sync();
    stopFunctions.push(
      onOutboxChange(() => {
        scheduleSync();
        publishStatus();
        if (!isOnline()) registerBackgroundSync().catch(() => {});
      }),
    );
    stopFunctions.push(
      onAuthChange((user) => {
        failureCount = 0;
        if (user) {
          lastOutcome = null;
          sync();
        } else {
          lastOutcome = 'auth_required';
          clearTimer();
          publishStatus();
        }
      }),
    );
    listen(windowTarget, 'online', () => sync());
    listen(windowTarget, 'offline', () => publishStatus());
    listen(documentTarget, 'visibilitychange', () => {
      if (documentTarget.visibilityState === 'visible') sync();
    });
    listen(serviceWorkerContainer, 'message', (event) => {
      if (event.data && event.data.type === 'SYNC_REQUESTED') sync();
    });
    return sync();
  }

  function stop() {
    while (stopFunctions.length > 0) stopFunctions.pop()();
    clearTimer();
  }

  async function settled() {
    while (currentRun) await currentRun.catch(() => {});
  }

  return {
    start,
    stop,
    sync,
    settled,
    scheduleSync,
    getSyncStatus,
    onSyncStatus,
    pushPending: async () => pushPending({ request, clientId: await getClientId(), now }),
    pullChanges: () => pullChanges({ request }),
  };
}

export const syncEngine = createSyncEngine();

export function startSync() {
  return syncEngine.start();
}

export function stopSync() {
  syncEngine.stop();
}

export function syncNow() {
  return syncEngine.sync();
}

export function scheduleSync(delayMs) {
  syncEngine.scheduleSync(delayMs);
}

export function getSyncStatus() {
  return syncEngine.getSyncStatus();
}

export function onSyncStatus(callback) {
  return syncEngine.onSyncStatus(callback);
}
