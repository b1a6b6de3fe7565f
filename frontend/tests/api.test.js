import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError, apiFetch, createApiClient, readCookie } from '../src/api.js';

function recordingFetch(status = 200, body = { ok: true }, headers = {}) {
  const text = status === 204 ? null : JSON.stringify(body);
  return vi.fn(async () => new Response(text, { status, headers }));
}

const cookies = { csrf_access_token: 'access-csrf', csrf_refresh_token: 'refresh-csrf' };

describe('apiFetch', () => {
  it('calls the same-origin API with cookies and no CSRF header on reads', async () => {
    const fetchImpl = recordingFetch();
    const api = createApiClient({ fetchImpl, readCookie: (name) => cookies[name] });

    expect(await api('/episodes?page=2')).toEqual({ ok: true });

    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('/api/v1/episodes?page=2');
    expect(init.method).toBe('GET');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers['X-CSRF-TOKEN']).toBeUndefined();
    expect(init.body).toBeUndefined();
  });

  it('sends JSON and the access CSRF token on writes', async () => {
    const fetchImpl = recordingFetch(201);
    const api = createApiClient({ fetchImpl, readCookie: (name) => cookies[name] });

    await api('/sync/push', { method: 'post', body: { mutations: [] } });

    const [, init] = fetchImpl.mock.calls[0];
    expect(init.method).toBe('POST');
    expect(init.headers['X-CSRF-TOKEN']).toBe('access-csrf');
    expect(init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body)).toEqual({ mutations: [] });
  });

  it('sends the refresh CSRF token to /auth/refresh', async () => {
    const fetchImpl = recordingFetch();
    const api = createApiClient({ fetchImpl, readCookie: (name) => cookies[name] });

    await api('/auth/refresh', { method: 'POST' });

    expect(fetchImpl.mock.calls[0][1].headers['X-CSRF-TOKEN']).toBe('refresh-csrf');
  });

  it('throws ApiError with the status and body for a non-2xx answer', async () => {
    const body = { code: 422, status: 'Unprocessable Entity', message: 'Bad', errors: { severity: ['x'] } };
    const api = createApiClient({ fetchImpl: recordingFetch(422, body), readCookie: () => null });

    const error = await api('/episodes', { method: 'POST', body: {} }).catch((caught) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.body).toEqual(body);
  });

  it('throws NetworkError when the request cannot be made', async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const api = createApiClient({ fetchImpl, readCookie: () => null });

    await expect(api('/health')).rejects.toBeInstanceOf(NetworkError);
  });

  it('uses the global fetch and document cookies by default', async () => {
    const fetchImpl = recordingFetch(204);
    vi.stubGlobal('fetch', fetchImpl);
    vi.stubGlobal('document', { cookie: 'theme=dark; csrf_access_token=from%20cookie' });

    expect(readCookie('csrf_access_token')).toBe('from cookie');
    expect(await apiFetch('/auth/logout', { method: 'POST' })).toBeNull();
    expect(fetchImpl.mock.calls[0][1].headers['X-CSRF-TOKEN']).toBe('from cookie');
    vi.unstubAllGlobals();
  });
});
