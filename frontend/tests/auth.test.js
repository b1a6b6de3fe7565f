import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  OtherAccountDataError,
  UnsyncedChangesError,
  currentUser,
  login,
  logout,
  onAuthChange,
} from '../src/auth.js';
import { META_KEYS, STORES, getDb, getMeta, setMeta } from '../src/db.js';
import { pendingCount, writeLocal } from '../src/outbox.js';
import { createFakeServer } from './helpers/fake-server.js';

let server;

beforeEach(() => {
  server = createFakeServer();
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('document', {
    get cookie() {
      return Object.entries(server.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
    },
  });
  return () => vi.unstubAllGlobals();
});

function calls(path) {
  return server.requests.filter((request) => request.path === `/api/v1${path}`);
}

describe('login', () => {
  it('asks for cookies, remembers the user on the device and tells listeners', async () => {
    const seen = [];
    const stop = onAuthChange((user) => seen.push(user));

    const user = await login(server.user.email, server.password);
    stop();

    expect(calls('/auth/login')[0].body).toEqual({
      email: server.user.email,
      password: server.password,
      cookies: true,
    });
    expect(user).toEqual(server.user);
    expect(await currentUser()).toEqual(server.user);
    expect(seen).toEqual([server.user]);
  });

  it('refuses another account while this device holds unsynced changes of the last one', async () => {
    await login(server.user.email, server.password);
    await writeLocal('episode', { id: 'e1', severity: 4 });
    await logout({ force: true });

    await expect(login('someone.else@example.org', 'x')).rejects.toBeInstanceOf(OtherAccountDataError);

    expect(calls('/auth/login')).toHaveLength(1); // never asked the server
    expect(await pendingCount()).toBe(1);
  });
});

describe('logout', () => {
  it('refuses while changes are not synced, keeping everything', async () => {
    await login(server.user.email, server.password);
    await writeLocal('episode', { id: 'e1', severity: 4 });

    const error = await logout().catch((caught) => caught);

    expect(error).toBeInstanceOf(UnsyncedChangesError);
    expect(error.pending).toBe(1);
    expect(calls('/auth/logout')).toHaveLength(0);
    expect(await currentUser()).toEqual(server.user);
    expect(await pendingCount()).toBe(1);
  });

  it('when forced, signs out but keeps the unsynced changes and their records', async () => {
    await login(server.user.email, server.password);
    await writeLocal('episode', { id: 'e1', severity: 4 });

    expect(await logout({ force: true })).toEqual({ clearedLocalData: false });

    expect(calls('/auth/logout')).toHaveLength(1);
    expect(await currentUser()).toBeNull();
    expect(await pendingCount()).toBe(1);
    expect(await (await getDb()).get(STORES.episodes, 'e1')).toBeDefined();
    expect(await getMeta(META_KEYS.dataOwner)).toEqual({ id: server.user.id, email: server.user.email });
  });

  it('clears the device once everything is synced', async () => {
    await login(server.user.email, server.password);
    await (await getDb()).put(STORES.episodes, { id: 'e1', severity: 4, version: 1 });

    expect(await logout()).toEqual({ clearedLocalData: true });

    expect(await (await getDb()).count(STORES.episodes)).toBe(0);
    expect(await currentUser()).toBeNull();
    expect(server.sessionValid).toBe(false);
  });

  it('needs a connection, so the session cookies are really revoked', async () => {
    await login(server.user.email, server.password);
    server.failNext('/auth/logout', 'network');

    await expect(logout()).rejects.toThrow('No connection');
    expect(await currentUser()).toEqual(server.user);
  });

  it('refreshes an expired session first so the server can revoke it', async () => {
    await setMeta(META_KEYS.user, server.user);
    server.expireAccessToken();

    await logout();

    expect(server.requests.map((request) => `${request.path} ${request.status}`)).toEqual([
      '/api/v1/auth/logout 401',
      '/api/v1/me 401',
      '/api/v1/auth/refresh 200',
      '/api/v1/auth/logout 200',
    ]);
  });
});
