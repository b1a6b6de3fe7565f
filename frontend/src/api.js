// api.js: the one place that talks HTTP to the CrampCare API (same origin, /api/v1).
//
// Exported API:
//   apiFetch(path, { method = 'GET', body, headers } = {}) -> Promise<parsed JSON body | null>
//   createApiClient({ fetchImpl, readCookie } = {}) -> apiFetch with injected fetch and cookie reader
//   readCookie(name) -> string | null               (reads document.cookie)
//   class ApiError extends Error { status, body }    (the server answered with a non-2xx status)
//   class NetworkError extends Error { cause }        (fetch itself failed: offline, DNS, aborted)
//   API_PREFIX = '/api/v1'
//
// Only sync.js, auth.js, data/care-team.js and data/reminders.js (the exceptions the README
// explains: server-only settings, never kept in the outbox) call this module; views go through
// data/*. Signed-in requests go through session-request.js, which
// refreshes the session on 401.
//
// The PWA authenticates with flask-jwt-extended's httpOnly cookies, so scripts never see a token.
// Cookies alone would be open to cross-site request forgery, so the server also wants the
// double-submit header X-CSRF-TOKEN on every state-changing request: its value comes from the
// readable csrf_access_token cookie (csrf_refresh_token for /auth/refresh, whose refresh cookie
// is scoped to /api/v1/auth/).

export const API_PREFIX = '/api/v1';

const ACCESS_CSRF_COOKIE = 'csrf_access_token';
const REFRESH_CSRF_COOKIE = 'csrf_refresh_token';
const REFRESH_PATH = '/auth/refresh';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super('No connection to the server');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

export function readCookie(name) {
  if (typeof document === 'undefined' || !document.cookie) return null;
  for (const pair of document.cookie.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() === name) {
      return decodeURIComponent(pair.slice(separator + 1).trim());
    }
  }
  return null;
}

async function parseBody(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page is still an answer; keep it readable for the error report.
    return { message: text.slice(0, 200) };
  }
}

export function createApiClient({ fetchImpl, readCookie: readCookieImpl = readCookie } = {}) {
  return async function apiFetch(path, { method = 'GET', body, headers = {} } = {}) {
    const upperMethod = method.toUpperCase();
    const requestHeaders = { Accept: 'application/json', ...headers };
    if (body !== undefined) requestHeaders['Content-Type'] = 'application/json';
    if (upperMethod !== 'GET' && upperMethod !== 'HEAD') {
      const csrfCookie = path.startsWith(REFRESH_PATH) ? REFRESH_CSRF_COOKIE : ACCESS_CSRF_COOKIE;
      const csrfToken = readCookieImpl(csrfCookie);
      if (csrfToken) requestHeaders['X-CSRF-TOKEN'] = csrfToken;
    }
    // Resolved per call so tests and polyfills that replace globalThis.fetch are honoured.
    const doFetch = fetchImpl || globalThis.fetch.bind(globalThis);
    let response;
    try {
      response = await doFetch(`${API_PREFIX}${path}`, {
        method: upperMethod,
        headers: requestHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        // The service worker never caches the API; tell the HTTP cache the same.
        cache: 'no-store',
      });
    } catch (error) {
      throw new NetworkError(error);
    }
    let parsed;
    try {
      parsed = await parseBody(response);
    } catch (error) {
      // The connection dropped while the body was arriving.
      throw new NetworkError(error);
    }
    if (!response.ok) {
      const apiError = new ApiError(response.status, parsed);
      apiError.retryAfterSeconds = Number(response.headers.get('Retry-After')) || null;
      throw apiError;
    }
    return parsed;
  };
}

export const apiFetch = createApiClient();
