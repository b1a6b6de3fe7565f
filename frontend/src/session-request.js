// session-request.js: the one signed-in request. On 401 it refreshes the session and sends the
// same request once more; sync.js, data/care-team.js and auth.js's logout all go through it.
//
// Exported API:
//   createSessionRequest({ request, refreshSession, locks?, sessionCheckPath? }) -> sessionRequest
//       request(path, options) -> Promise   an apiFetch (api.js) or a stand-in for tests
//       refreshSession() -> Promise          e.g. auth.refresh
//       locks                                a Web Locks LockManager; default tabLocks()
//       sessionCheckPath = '/me'             a cheap GET that answers 401 without a session
//   sessionRequest(path, options) -> Promise<the request's answer>
//       throws SessionEndedError when the refresh is refused or the resent request still gets 401
//   class SessionEndedError extends Error { cause }   sign in again; nothing else will help
//   tabLocks() -> navigator.locks, else one in-tab lock manager shared by this tab
//   createInTabLocks() -> a LockManager-like { request(name, callback) } for one tab
//   SESSION_LOCK_NAME = 'crampcare-session'
//
// Refresh tokens rotate, and a spent one presented twice ends the session. So a refresh happens
// once at a time: requests of one helper that meet 401 together share one refresh, and every
// refresh in every tab runs under SESSION_LOCK_NAME. Whoever gets the lock first asks
// sessionCheckPath whether someone else already refreshed while it waited, and refreshes only if not.

import { ApiError } from './api.js';

export const SESSION_LOCK_NAME = 'crampcare-session';

// flask-jwt-extended answers 401 for an expired refresh token and 422 for a malformed one.
const REFUSED_REFRESH_STATUSES = new Set([401, 403, 422]);

export class SessionEndedError extends Error {
  constructor(cause) {
    super('Your session has ended. Please log in again.');
    this.name = 'SessionEndedError';
    this.cause = cause;
  }
}

// Without Web Locks (older browsers, tests) work is serialised within this tab only.
export function createInTabLocks() {
  const tails = new Map();
  return {
    request(name, callback) {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(() => callback({ name }));
      tails.set(name, run.catch(() => {}));
      return run;
    },
  };
}

let sharedInTabLocks = null;

// Every helper in the tab must queue on the same manager, or the lock would not keep them apart.
export function tabLocks() {
  if (globalThis.navigator?.locks) return globalThis.navigator.locks;
  sharedInTabLocks ??= createInTabLocks();
  return sharedInTabLocks;
}

function isUnauthorised(error) {
  return error instanceof ApiError && error.status === 401;
}

export function createSessionRequest({ request, refreshSession, locks = tabLocks(), sessionCheckPath = '/me' }) {
  let refreshing = null;

  async function refreshUnlessSomeoneDid() {
    try {
      await request(sessionCheckPath);
      return;
    } catch (error) {
      if (!isUnauthorised(error)) throw error;
    }
    try {
      await refreshSession();
    } catch (error) {
      throw error instanceof ApiError && REFUSED_REFRESH_STATUSES.has(error.status) ? new SessionEndedError(error) : error;
    }
  }

  function refreshOnce() {
    refreshing ??= Promise.resolve(locks.request(SESSION_LOCK_NAME, refreshUnlessSomeoneDid)).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return async function sessionRequest(path, options) {
    try {
      return await request(path, options);
    } catch (error) {
      if (!isUnauthorised(error)) throw error;
    }
    await refreshOnce();
    try {
      return await request(path, options);
    } catch (error) {
      throw isUnauthorised(error) ? new SessionEndedError(error) : error;
    }
  };
}
