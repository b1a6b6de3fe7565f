import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError, createApiClient } from '../src/api.js';
import { SESSION_LOCK_NAME, SessionEndedError, createInTabLocks, createSessionRequest } from '../src/session-request.js';
import { createFakeServer } from './helpers/fake-server.js';

// The real api.js client against the in-memory server: a 401 is a real expired access cookie.
function signedInRequestTo(server, options = {}) {
  const request = createApiClient({ fetchImpl: server.fetch, readCookie: server.readCookie });
  const refreshSession = vi.fn(() => request('/auth/refresh', { method: 'POST' }));
  const sessionRequest = createSessionRequest({ request, refreshSession, locks: createInTabLocks(), ...options });
  return { sessionRequest, refreshSession };
}

const calls = (server) => server.requests.map((request) => `${request.method} ${request.path} ${request.status}`);

describe('a signed-in request', () => {
  it('refreshes the session on 401 and sends the same request once more', async () => {
    const server = createFakeServer();
    const { sessionRequest, refreshSession } = signedInRequestTo(server);
    server.expireAccessToken();

    expect(await sessionRequest('/reference')).toEqual({ muscles: { calf: 'Calf' } });

    expect(refreshSession).toHaveBeenCalledTimes(1);
    expect(calls(server)).toEqual([
      'GET /api/v1/reference 401',
      'GET /api/v1/me 401',
      'POST /api/v1/auth/refresh 200',
      'GET /api/v1/reference 200',
    ]);
  });

  it('surfaces a second 401 after the refresh as a session that ended, without trying again', async () => {
    const server = createFakeServer();
    const { sessionRequest } = signedInRequestTo(server);
    server.expireAccessToken();
    server.beforeReply = async (request) => {
      if (request.path === '/api/v1/auth/refresh') server.expireAccessToken(); // refreshed, yet refused
    };

    const failure = await sessionRequest('/reference').catch((error) => error);

    expect(failure).toBeInstanceOf(SessionEndedError);
    expect(failure.cause).toBeInstanceOf(ApiError);
    expect(server.requests.filter((request) => request.path === '/api/v1/reference')).toHaveLength(2);
  });

  it('refreshes only once for requests that meet 401 together', async () => {
    const server = createFakeServer();
    const { sessionRequest, refreshSession } = signedInRequestTo(server);
    server.expireAccessToken();

    const answers = await Promise.all([sessionRequest('/reference'), sessionRequest('/warnings'), sessionRequest('/reference')]);

    expect(answers).toHaveLength(3);
    expect(refreshSession).toHaveBeenCalledTimes(1);
    expect(server.requests.filter((request) => request.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('says the session ended when the refresh is refused', async () => {
    const server = createFakeServer();
    const { sessionRequest } = signedInRequestTo(server);
    server.expireAccessToken();
    server.refreshWorks = false;

    await expect(sessionRequest('/reference')).rejects.toBeInstanceOf(SessionEndedError);
  });

  it('passes other failures on as they are, without refreshing', async () => {
    const server = createFakeServer();
    const { sessionRequest, refreshSession } = signedInRequestTo(server);
    server.failNext('/reference', { status: 503 });
    server.failNext('/warnings', 'network');

    await expect(sessionRequest('/reference')).rejects.toMatchObject({ status: 503 });
    await expect(sessionRequest('/warnings')).rejects.toBeInstanceOf(NetworkError);
    expect(refreshSession).not.toHaveBeenCalled();
  });

  it('keeps a refresh that failed for lack of a connection a connection problem', async () => {
    const server = createFakeServer();
    const { sessionRequest } = signedInRequestTo(server);
    server.expireAccessToken();
    server.failNext('/auth/refresh', 'network');

    await expect(sessionRequest('/reference')).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('refreshes across helpers and tabs', () => {
  it('does not refresh when someone else already did while it waited for the lock', async () => {
    const server = createFakeServer();
    const { sessionRequest, refreshSession } = signedInRequestTo(server);
    server.expireAccessToken();
    server.beforeReply = async (request) => {
      // Another tab refreshes between our 401 and our turn at the lock.
      if (request.path === '/api/v1/reference') server.sessionValid = true;
    };

    expect(await sessionRequest('/reference')).toBeTruthy();

    expect(refreshSession).not.toHaveBeenCalled();
    expect(calls(server)).toEqual(['GET /api/v1/reference 401', 'GET /api/v1/me 200', 'GET /api/v1/reference 200']);
  });

  it('never runs two refreshes at once, and the later one finds the session fresh', async () => {
    const server = createFakeServer({ latencyMs: 5 });
    const locks = createInTabLocks(); // stands in for navigator.locks, shared by every tab
    const request = createApiClient({ fetchImpl: server.fetch, readCookie: server.readCookie });
    let refreshing = 0;
    let mostAtOnce = 0;
    const refreshSession = vi.fn(async () => {
      refreshing += 1;
      mostAtOnce = Math.max(mostAtOnce, refreshing);
      try {
        await request('/auth/refresh', { method: 'POST' });
      } finally {
        refreshing -= 1;
      }
    });
    const syncEngine = createSessionRequest({ request, refreshSession, locks });
    const careTeam = createSessionRequest({ request, refreshSession, locks });
    server.expireAccessToken();

    await Promise.all([syncEngine('/reference'), careTeam('/warnings')]);

    expect(mostAtOnce).toBe(1);
    expect(refreshSession).toHaveBeenCalledTimes(1);
  });

  it('refreshes under the session lock', async () => {
    const server = createFakeServer();
    const inner = createInTabLocks();
    const locks = { request: vi.fn((name, callback) => inner.request(name, callback)) };
    const { sessionRequest } = signedInRequestTo(server, { locks });
    server.expireAccessToken();

    await sessionRequest('/reference');

    expect(locks.request).toHaveBeenCalledWith(SESSION_LOCK_NAME, expect.any(Function));
  });
});
