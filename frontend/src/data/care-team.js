// care-team.js: the care team, read and changed on the server; nothing here is kept on the device.
// The words and orderings the care-team screens show are in ui/care-team-text.js.
//
// The one module besides sync.js and auth.js that calls api.js, on purpose: sharing settings are
// permissions that only mean something on the server, and a clinician's patients' health data
// must never be stored on the clinician's device. So these calls go straight to the API (no
// IndexedDB; api.js asks for no-store and the service worker never caches /api/), and the
// screens hold the answers in memory only, for as long as they are shown.
//
// Patient:
//   createInvite({permission, expiresInHours}) -> {id, code, link, permission, expires_at, ...}
//   listInvites() -> invite[]                    cancelInvite(inviteId)
//   listShares() -> share[]                      changePermission(shareId, permission) -> share
//   revokeShare(shareId)                         accessLog({page, pageSize}) -> {entries, hasMore}
// Clinician:
//   redeemCode(code) -> share (with .patient)    listPatients() -> overview[] (server order)
//   listEndedShares() -> [{patient, endedAt}]     shares that ended in the last 30 days
//   newVisitId() -> an id for one look at a patient: the page sends it with each of its reads,
//       and the patient's log shows them as one line
//   loadPatient(patientId, {days = 28, visitId}) -> {summary, warnings, insights, plan}
//   loadInsights(patientId, {days, visitId}) -> insights over the last `days` nights
//   loadDiary(patientId, {from, to, page = 1, pageSize = 25, visitId}) -> {episodes, hasMore}
//   loadPlan(patientId) -> {from, to, items: [item with adherence]}
//       adherence: {scheduled_days, expected, done, skipped, checked_days, rate, done_rate_checked}
//   addPlanItem(patientId, fields) -> item       editPlanItem(patientId, itemId, changes, version) -> item
//   reviewWarning(patientId, occurrence, note) -> the sign, now with its review
// Errors: NetworkError (offline), NotSharedError (404 on a patient: no share, or it ended),
//   VersionConflictError {current} (409 on an edit), SessionEndedError (log in again), ApiError
// A code arriving by link before sign-in: rememberPendingCode(code), takePendingCode()
// Also: normaliseCode(input) (what the server reads in a typed code), DEFAULT_INVITE_HOURS,
//   createCareTeamClient({request, refreshSession, locks}) (tests)
//
// Every call is a signed-in request (session-request.js): on 401 the session is refreshed once,
// never alongside the sync engine's own refresh, and the call is sent again.

import { ApiError, NetworkError, apiFetch } from '../api.js';
import { refresh } from '../auth.js';
import { SessionEndedError, createSessionRequest, tabLocks } from '../session-request.js';

export { ApiError, NetworkError, SessionEndedError };

export class NotSharedError extends Error {
  constructor() {
    super('This patient does not share with you (any more).');
    this.name = 'NotSharedError';
  }
}

export class VersionConflictError extends Error {
  constructor(current) {
    super('This item changed since you loaded it.');
    this.name = 'VersionConflictError';
    this.current = current;
  }
}

export const DEFAULT_INVITE_HOURS = 72;

// What the person meant: the server ignores case, spaces and dashes, so we do too.
export function normaliseCode(input) {
  return String(input ?? '').replace(/[\s-]+/g, '').toUpperCase();
}

// --- A code that arrived by link before anyone signed in ---------------------------------------
// Kept for this tab only (sessionStorage), so the clinician can sign in and carry on. A code is
// no health data; it works once and expires within days.
const PENDING_CODE_KEY = 'crampcare-pending-code';

export function rememberPendingCode(code) {
  try {
    globalThis.sessionStorage?.setItem(PENDING_CODE_KEY, normaliseCode(code));
  } catch {
    // Storage refused (private mode): the clinician types the code again.
  }
}

export function takePendingCode() {
  try {
    const code = globalThis.sessionStorage?.getItem(PENDING_CODE_KEY) ?? null;
    globalThis.sessionStorage?.removeItem(PENDING_CODE_KEY);
    return code || null;
  } catch {
    return null;
  }
}

// --- The API ----------------------------------------------------------------------------------

// The reads of one look at a patient carry one visit id, so the patient's log has one line for it.
function visitHeaders(visitId) {
  return visitId ? { headers: { 'X-Visit-Id': visitId } } : undefined;
}

export function createCareTeamClient({ request = apiFetch, refreshSession = refresh, locks = tabLocks() } = {}) {
  const call = createSessionRequest({ request, refreshSession, locks });

  // A patient's data: 404 means the share ended (or never was); say it in one way.
  async function patientCall(path, options) {
    try {
      return await call(path, options);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) throw new NotSharedError();
      throw error;
    }
  }

  const patientPath = (patientId, rest = '') => `/patients/${encodeURIComponent(patientId)}${rest}`;

  return {
    createInvite: ({ permission, expiresInHours = DEFAULT_INVITE_HOURS }) =>
      call('/shares/invites', { method: 'POST', body: { permission, expires_in_hours: expiresInHours } }),
    listInvites: () => call('/shares/invites'),
    cancelInvite: (inviteId) => call(`/shares/invites/${encodeURIComponent(inviteId)}`, { method: 'DELETE' }),
    listShares: () => call('/shares'),
    changePermission: (shareId, permission) =>
      call(`/shares/${encodeURIComponent(shareId)}`, { method: 'PATCH', body: { permission } }),
    revokeShare: (shareId) => call(`/shares/${encodeURIComponent(shareId)}`, { method: 'DELETE' }),
    async accessLog({ page = 1, pageSize = 20 } = {}) {
      const entries = await call(`/me/access-log?page=${page}&page_size=${pageSize}`);
      // A full page may have more behind it; an empty next page then says there is none.
      return { entries, hasMore: entries.length === pageSize };
    },

    redeemCode: (code) => call('/shares/accept', { method: 'POST', body: { code: normaliseCode(code) } }),
    listPatients: () => call('/patients'),
    async listEndedShares() {
      // The server lists a clinician's ended shares for 30 days after they end; only the name
      // the clinician already knew and the end date are shown.
      const shares = await call('/shares');
      const active = new Set(shares.filter((share) => share.status === 'active').map((share) => share.patient_id));
      return shares
        .filter((share) => share.status !== 'active' && !active.has(share.patient_id))
        .map((share) => ({ patient: share.patient, endedAt: share.revoked_at ?? share.expires_at }));
    },
    newVisitId: () => globalThis.crypto.randomUUID(),
    loadPlan: (patientId, { visitId } = {}) => patientCall(patientPath(patientId, '/care-plan'), visitHeaders(visitId)),
    async loadPatient(patientId, { days = 28, visitId } = {}) {
      const options = visitHeaders(visitId);
      const [summary, warnings, insights, plan] = await Promise.all([
        patientCall(patientPath(patientId), options),
        patientCall(patientPath(patientId, '/warnings'), options),
        patientCall(patientPath(patientId, `/insights?days=${days}`), options),
        patientCall(patientPath(patientId, '/care-plan'), options),
      ]);
      return { summary, warnings, insights, plan };
    },
    loadInsights: (patientId, { days, visitId } = {}) =>
      patientCall(patientPath(patientId, `/insights?days=${days}`), visitHeaders(visitId)),
    async loadDiary(patientId, { from, to, page = 1, pageSize = 25, visitId } = {}) {
      const query = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
      if (from) query.set('from', from);
      if (to) query.set('to', to);
      const episodes = await patientCall(patientPath(patientId, `/episodes?${query}`), visitHeaders(visitId));
      return { episodes, hasMore: episodes.length === pageSize };
    },
    addPlanItem: (patientId, fields) =>
      // The id is ours, so a retry after a lost reply returns the same item instead of a second.
      patientCall(patientPath(patientId, '/care-plan/items'), {
        method: 'POST',
        body: { id: globalThis.crypto.randomUUID(), ...fields },
      }),
    async editPlanItem(patientId, itemId, changes, version) {
      try {
        return await patientCall(patientPath(patientId, `/care-plan/items/${encodeURIComponent(itemId)}`), {
          method: 'PATCH',
          body: { ...changes, version },
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && error.body?.current) {
          throw new VersionConflictError(error.body.current);
        }
        throw error;
      }
    },
    reviewWarning: (patientId, occurrence, note) =>
      patientCall(patientPath(patientId, `/warnings/${encodeURIComponent(occurrence)}/review`), {
        method: 'PUT',
        body: { note },
      }),
  };
}

const client = createCareTeamClient();

export const {
  createInvite,
  listInvites,
  cancelInvite,
  listShares,
  changePermission,
  revokeShare,
  accessLog,
  redeemCode,
  listPatients,
  listEndedShares,
  newVisitId,
  loadPlan,
  loadPatient,
  loadInsights,
  loadDiary,
  addPlanItem,
  editPlanItem,
  reviewWarning,
} = client;
