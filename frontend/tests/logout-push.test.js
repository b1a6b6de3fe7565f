import { beforeEach, describe, expect, it, vi } from 'vitest';
import { login, logout } from '../src/auth.js';
import { createFakeServer } from './helpers/fake-server.js';

let server;
let unsubscribed;

// A browser with a push subscription: logging out must make the server forget it.
beforeEach(() => {
  server = createFakeServer();
  unsubscribed = 0;
  const subscription = {
    endpoint: 'https://push.example.org/send/abc',
    unsubscribe: async () => {
      unsubscribed += 1;
      return true;
    },
  };
  const registration = { pushManager: { getSubscription: async () => subscription } };
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('document', {
    get cookie() {
      return Object.entries(server.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
    },
  });
  vi.stubGlobal('PushManager', function PushManager() {});
  vi.stubGlobal('Notification', { permission: 'granted' });
  vi.stubGlobal('navigator', { serviceWorker: { getRegistration: async () => registration } });
  return () => vi.unstubAllGlobals();
});

describe('logging out with reminders on', () => {
  it('asks the server to forget this browser while the session still lets it, then signs out', async () => {
    await login(server.user.email, server.password);
    await logout();
    const paths = server.requests.map((request) => `${request.method} ${request.path}`);
    const forget = paths.indexOf('DELETE /api/v1/push/subscriptions');
    expect(forget).toBeGreaterThan(-1);
    expect(forget).toBeLessThan(paths.indexOf('POST /api/v1/auth/logout'));
    expect(server.requests[forget].body).toEqual({ endpoint: 'https://push.example.org/send/abc' });
    expect(unsubscribed).toBe(1);
  });

  it('still signs out when the server can not be told (best effort)', async () => {
    await login(server.user.email, server.password);
    server.failNext('/api/v1/push/subscriptions', { status: 500 });
    expect(await logout()).toEqual({ clearedLocalData: true });
    expect(server.sessionValid).toBe(false);
  });
});
