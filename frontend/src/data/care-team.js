// care-team.js: the care team, read and changed on the server; nothing here is kept on the device.
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
//   loadPatient(patientId) -> {summary, warnings, insights, episodes, plan}
//   loadPlan(patientId) -> {from, to, items: [item with adherence]}
//   addPlanItem(patientId, fields) -> item       editPlanItem(patientId, itemId, changes, version) -> item
// Errors: NetworkError (offline), NotSharedError (404 on a patient: no share, or it ended),
//   VersionConflictError {current} (409 on an edit), ApiError; explainError(error) -> plain words
// A code arriving by link before sign-in: rememberPendingCode(code), takePendingCode()
// Pure helpers: PERMISSIONS, permissionLabel(code, audience), INVITE_LIFETIMES, DEFAULT_INVITE_HOURS,
//   normaliseCode, formatCode, spellCode, absoluteLink, PATIENT_SORTS, sortPatients,
//   warningSummary, topWarningLevel, adherenceText, isOffline, createCareTeamClient (tests)

import { ApiError, NetworkError, apiFetch } from '../api.js';
import { refresh } from '../auth.js';
import { SYNC_LOCK_NAME } from '../sync.js';

export { ApiError, NetworkError };

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

// --- Words and small pure helpers -------------------------------------------------------------

export const PERMISSIONS = Object.freeze({
  view: { patient: 'View only', clinician: 'You can view' },
  edit_plan: { patient: 'View and edit my care plan', clinician: 'You can view and edit the care plan' },
});

export function permissionLabel(code, audience = 'patient') {
  return PERMISSIONS[code]?.[audience] ?? String(code ?? '');
}

export const DEFAULT_INVITE_HOURS = 72;
export const INVITE_LIFETIMES = Object.freeze([
  { hours: 24, label: '1 day' },
  { hours: DEFAULT_INVITE_HOURS, label: '3 days' },
  { hours: 168, label: '7 days' },
]);

const CODE_GROUPS = [4, 4, 2];

// What the person meant: the server ignores case, spaces and dashes, so we do too.
export function normaliseCode(input) {
  return String(input ?? '').replace(/[\s-]+/g, '').toUpperCase();
}

// 'kx7mq2pd9r' -> 'KX7M-Q2PD-9R'; anything not ten symbols long is only tidied.
export function formatCode(input) {
  const plain = normaliseCode(input);
  if (plain.length !== CODE_GROUPS.reduce((sum, size) => sum + size, 0)) return plain;
  let start = 0;
  return CODE_GROUPS.map((size) => plain.slice((start += size) - size, start)).join('-');
}

// For screen readers, one symbol at a time: 'KX7M-Q2PD-9R' -> 'K X 7 M, Q 2 P D, 9 R'.
export function spellCode(code) {
  return formatCode(code)
    .split('-')
    .map((group) => group.split('').join(' '))
    .join(', ');
}

export function absoluteLink(link, origin = globalThis.location?.origin) {
  return new URL(link, origin).href;
}

const LEVELS = ['urgent', 'advice', 'info'];

export function topWarningLevel(warningSigns) {
  return LEVELS.find((level) => (warningSigns?.levels?.[level] ?? 0) > 0) ?? null;
}

// {count: 3, levels: {urgent: 1, advice: 2, info: 0}} -> '3: 1 urgent, 2 advice'
export function warningSummary(warningSigns) {
  const count = warningSigns?.count ?? 0;
  if (!count) return 'None';
  const parts = LEVELS.filter((level) => warningSigns.levels?.[level]).map((level) => `${warningSigns.levels[level]} ${level}`);
  return parts.length ? `${count}: ${parts.join(', ')}` : String(count);
}

function timeOf(iso) {
  return iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY;
}

function byName(left, right) {
  return String(left.display_name ?? '').localeCompare(String(right.display_name ?? ''), undefined, { sensitivity: 'base' });
}

function byWarnings(left, right) {
  for (const level of LEVELS) {
    const difference = (right.warning_signs?.levels?.[level] ?? 0) - (left.warning_signs?.levels?.[level] ?? 0);
    if (difference) return difference;
  }
  return 0;
}

export const PATIENT_SORTS = Object.freeze([
  { code: 'warnings', label: 'Warning signs first', compare: (left, right) => byWarnings(left, right) || byName(left, right) },
  { code: 'recent', label: 'Latest cramp first', compare: (left, right) => timeOf(right.last_cramp_at) - timeOf(left.last_cramp_at) || byName(left, right) },
  {
    code: 'week',
    label: 'Most cramps this week',
    compare: (left, right) =>
      (right.cramps_last_7_days ?? 0) - (left.cramps_last_7_days ?? 0) ||
      (right.cramps_last_28_days ?? 0) - (left.cramps_last_28_days ?? 0) ||
      byName(left, right),
  },
  { code: 'updated', label: 'Latest update first', compare: (left, right) => timeOf(right.last_change_at) - timeOf(left.last_change_at) || byName(left, right) },
  { code: 'name', label: 'Name', compare: byName },
]);

export function sortPatients(patients, sortCode = 'warnings') {
  const sort = PATIENT_SORTS.find((candidate) => candidate.code === sortCode) ?? PATIENT_SORTS[0];
  return [...patients].sort(sort.compare);
}

// An item's ticks over the plan's window (the last 14 days), in words.
export function adherenceText(adherence, windowDays = 14) {
  if (!adherence) return '';
  const { days_in_plan: days = 0, done = 0, skipped = 0, rate = null } = adherence;
  if (!days) return `Not in the plan during the last ${windowDays} days.`;
  const skippedText = skipped ? `, skipped on ${skipped}` : '';
  if (rate === null || rate === undefined) {
    return `Done ${done} ${done === 1 ? 'time' : 'times'}${skipped ? `, skipped ${skipped}` : ''} in the last ${windowDays} days.`;
  }
  return `Done on ${done} of ${days} ${days === 1 ? 'day' : 'days'} (${Math.round(rate * 100)}%)${skippedText}.`;
}

export function isOffline() {
  return globalThis.navigator?.onLine === false;
}

export function explainError(error) {
  if (error instanceof NetworkError) return 'You are offline, or the server cannot be reached. Please try again when you are online.';
  if (error instanceof NotSharedError) return 'This patient no longer shares with you, or the link is wrong.';
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your session has ended. Please log in again.';
    if (error.status === 403) return 'You are not allowed to do this.';
    if (error.status === 429) return 'Too many tries. Please wait a minute and try again.';
    const fields = error.body?.errors?.json ?? {};
    const first = Object.entries(fields)[0];
    if (first) return `${first[0].replaceAll('_', ' ')}: ${[].concat(first[1]).join(' ')}`;
    if (error.body?.message) return error.body.message;
  }
  return 'Something went wrong. Please try again.';
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

function defaultLocks() {
  return globalThis.navigator?.locks ?? { request: (name, callback) => callback() };
}

export function createCareTeamClient({ request = apiFetch, refreshSession = refresh, locks = defaultLocks() } = {}) {
  let refreshing = null;

  // Refresh tokens rotate, and a spent one presented twice ends the session: refresh once per
  // tab at a time, under the sync engine's lock (so never alongside its own refresh), and not
  // at all if someone else already did while we waited.
  function refreshOnce() {
    refreshing ??= Promise.resolve(
      locks.request(SYNC_LOCK_NAME, async () => {
        try {
          await request('/me');
          return;
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
        await refreshSession();
      }),
    ).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function call(path, options) {
    try {
      return await request(path, options);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    await refreshOnce();
    return request(path, options);
  }

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
    loadPlan: (patientId) => patientCall(patientPath(patientId, '/care-plan')),
    async loadPatient(patientId) {
      const [summary, warnings, insights, episodes, plan] = await Promise.all([
        patientCall(patientPath(patientId)),
        patientCall(patientPath(patientId, '/warnings')),
        patientCall(patientPath(patientId, '/insights?days=84')),
        patientCall(patientPath(patientId, '/episodes?page_size=10')),
        patientCall(patientPath(patientId, '/care-plan')),
      ]);
      return { summary, warnings, insights, episodes, plan };
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
  loadPlan,
  loadPatient,
  addPlanItem,
  editPlanItem,
} = client;
