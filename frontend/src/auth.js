// auth.js: sign-up, sign-in, session refresh and sign-out for the PWA.
//
// Exported API:
//   register({ email, password, display_name, role, timezone }) -> Promise<user>   (then signed in)
//   login(email, password) -> Promise<user>
//   refresh() -> Promise<void>                 throws ApiError (401: session over) or NetworkError
//   logout({ force = false } = {}) -> Promise<{ clearedLocalData: boolean }>
//       throws UnsyncedChangesError while the outbox has entries, unless force; an expired access
//       token is refreshed first (session-request.js) so the server revokes the whole session.
//       Reminders stop reaching this browser first (push.js, best effort), while the session
//       still lets the server forget its subscription
//   changePassword(currentPassword, newPassword) -> Promise<void>   online only; other sign-ins end
//   eraseAccount(password) -> Promise<void>    online only; then every local record is gone
//   downloadExport() -> Promise<object>        GET /me/export: everything the server keeps, as JSON
//   prepareDownload() -> Promise<void>         refreshes an expired session, so a plain link to a
//                                              file under /api/ (CSV, FHIR, PDF) opens signed in
//   rememberProfile(fields) -> Promise<user>   the cached user with profile edits made on this device
//   currentUser() -> Promise<user | null>      cached on the device, so the app starts signed in offline
//   onAuthChange(callback) -> unsubscribe      callback(user | null) after login, register, logout
//   class UnsyncedChangesError extends Error { pending }
//   class OtherAccountDataError extends Error  (this device holds another account's unsynced changes)
//
// The server keeps the session in httpOnly cookies (flask-jwt-extended), so no token ever passes
// through this module or lands in storage that a script could read.
//
// Local data is cleared on logout only when every change has reached the server. A forced logout
// signs out but keeps the diary and its outbox on the device; `data_owner` in meta remembers whose
// they are, so no other account can sign in and push or see them until they are synced.

import { apiFetch } from './api.js';
import { META_KEYS, STORES, getMeta, runTransaction, setMeta } from './db.js';
import { clearAllLocalData, clearLocalDataIfNoPendingChanges, pendingCount } from './outbox.js';
import { createPushClient } from './push.js';
import { SessionEndedError, createSessionRequest } from './session-request.js';

export class UnsyncedChangesError extends Error {
  constructor(pending) {
    super(`${pending} ${pending === 1 ? 'change is' : 'changes are'} not synced yet.`);
    this.name = 'UnsyncedChangesError';
    this.pending = pending;
  }
}

export class OtherAccountDataError extends Error {
  constructor() {
    super('This device has changes from another account that are not synced yet. Sign in to that account first.');
    this.name = 'OtherAccountDataError';
  }
}

const authListeners = new Set();

export function onAuthChange(callback) {
  authListeners.add(callback);
  return () => authListeners.delete(callback);
}

function notifyAuthChange(user) {
  for (const listener of authListeners) listener(user);
}

export async function currentUser() {
  return (await getMeta(META_KEYS.user)) ?? null;
}

function sameEmail(left, right) {
  return String(left).trim().toLowerCase() === String(right).trim().toLowerCase();
}

function rememberUser(user) {
  return runTransaction(STORES.meta, 'readwrite', async (transaction) => {
    await transaction.store.put(user, META_KEYS.user);
    await transaction.store.put({ id: user.id, email: user.email }, META_KEYS.dataOwner);
  });
}

export async function login(email, password) {
  const owner = await getMeta(META_KEYS.dataOwner);
  // Checked before asking the server, so we never hold another account's session by mistake.
  if (owner && !sameEmail(owner.email, email) && (await pendingCount()) > 0) {
    throw new OtherAccountDataError();
  }
  const { user } = await apiFetch('/auth/login', {
    method: 'POST',
    body: { email, password, cookies: true },
  });
  if (owner && owner.id !== user.id) {
    // A different account (or the same email now owned by someone else): the previous
    // account's records must not be shown to this one.
    const cleared = await clearLocalDataIfNoPendingChanges();
    if (!cleared) {
      await apiFetch('/auth/logout', { method: 'POST' }).catch(() => {});
      throw new OtherAccountDataError();
    }
  }
  await rememberUser(user);
  notifyAuthChange(user);
  return user;
}

export async function register({ email, password, display_name, role, timezone }) {
  await apiFetch('/auth/register', {
    method: 'POST',
    body: { email, password, display_name, role, timezone },
  });
  return login(email, password);
}

export async function refresh() {
  const response = await apiFetch('/auth/refresh', { method: 'POST' });
  if (response && response.user) await rememberUser(response.user);
}

// An expired access token is refreshed first, so the server can revoke the refresh token too.
const signedInRequest = createSessionRequest({ request: apiFetch, refreshSession: refresh });

async function revokeSessionOnServer() {
  try {
    await signedInRequest('/auth/logout', { method: 'POST' });
  } catch (error) {
    if (!(error instanceof SessionEndedError)) throw error; // ended means there is nothing to revoke
  }
}

export async function logout({ force = false } = {}) {
  const pending = await pendingCount();
  if (pending > 0 && !force) throw new UnsyncedChangesError(pending);
  await createPushClient({ request: signedInRequest }).forget();
  // Offline, the session cookies would stay valid for the next person: a NetworkError is
  // thrown to the caller rather than pretending to have signed out.
  await revokeSessionOnServer();
  const clearedLocalData = await clearLocalDataIfNoPendingChanges();
  if (!clearedLocalData) await setMeta(META_KEYS.user, null);
  notifyAuthChange(null);
  return { clearedLocalData };
}

export async function changePassword(currentPassword, newPassword) {
  await signedInRequest('/me/password', {
    method: 'POST',
    body: { current_password: currentPassword, new_password: newPassword },
  });
}

// The account is gone on the server, so nothing on this phone can sync any more: every store,
// the outbox with it, is emptied.
export async function eraseAccount(password) {
  await signedInRequest('/me', { method: 'DELETE', body: { password } });
  await clearAllLocalData();
  notifyAuthChange(null);
}

export function downloadExport() {
  return signedInRequest('/me/export');
}

export async function prepareDownload() {
  await signedInRequest('/me');
}

// The profile's display name and time zone show across the app (and the zone decides which night
// a cramp belongs to), so an edit made offline applies to the cached user at once.
export async function rememberProfile(fields) {
  const user = await currentUser();
  if (!user) return null;
  const updated = { ...user, ...fields };
  await setMeta(META_KEYS.user, updated);
  return updated;
}
