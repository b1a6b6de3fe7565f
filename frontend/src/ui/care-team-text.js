// care-team-text.js: the words and orderings of the care-team screens (Care team, Patients, a
// patient); pure, so they are tested without a server. The calls themselves are data/care-team.js.
//
//   PERMISSIONS, permissionLabel(code, audience = 'patient') -> 'View only' | 'You can view' ...
//   INVITE_LIFETIMES: [{hours, label}]
//   formatCode(input) -> 'KX7M-Q2PD-9R';  spellCode(code) -> 'K X 7 M, Q 2 P D, 9 R' (screen readers)
//   absoluteLink(link, origin?) -> the invite link to send
//   topWarningLevel(warningSigns) -> 'urgent' | 'advice' | 'info' | null
//   warningSummary(warningSigns) -> '3: 1 urgent, 2 advice' | 'None'
//   PATIENT_SORTS: [{code, label, compare}];  sortPatients(patients, sortCode = 'warnings') -> copy
//   adherenceText(item, {windowDays = 14, today}?) -> 'Done on 5 of 12 days (42%), skipped on 2.' | ''
//   isOffline() -> boolean
//   explainError(error) -> what went wrong, in plain words

import { ApiError, DEFAULT_INVITE_HOURS, NetworkError, NotSharedError, SessionEndedError, normaliseCode } from '../data/care-team.js';

export const PERMISSIONS = Object.freeze({
  view: { patient: 'View only', clinician: 'You can view' },
  edit_plan: { patient: 'View and edit my care plan', clinician: 'You can view and edit the care plan' },
});

export function permissionLabel(code, audience = 'patient') {
  return PERMISSIONS[code]?.[audience] ?? String(code ?? '');
}

export const INVITE_LIFETIMES = Object.freeze([
  { hours: 24, label: '1 day' },
  { hours: DEFAULT_INVITE_HOURS, label: '3 days' },
  { hours: 168, label: '7 days' },
]);

const CODE_GROUPS = [4, 4, 2];

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

function count(number, one, many) {
  return `${number} ${number === 1 ? one : many}`;
}

const percent = (rate) => `${Math.round(rate * 100)}%`;

// An item's ticks over the plan's window (the last 14 days), in words. The server counts what the
// plan expected: days for daily and bedtime steps (not paused or stopped days, nor today until it
// is ticked), weeks for weekly ones, nothing for "when needed" ones. `today` (the plan's `to`)
// tells a step added today, which has nothing to count yet, from one not in the plan at all.
export function adherenceText(item, { windowDays = 14, today = null } = {}) {
  const adherence = item?.adherence;
  if (!adherence) return '';
  const { scheduled_days: scheduledDays = 0, expected = null, done = 0, skipped = 0, rate = null } = adherence;
  if (!scheduledDays || expected === 0) {
    const startsToday = today && item.start_date === today && (item.status ?? 'active') === 'active';
    return startsToday ? 'New in the plan today: nothing to count yet.' : `Not in the plan during the last ${windowDays} days.`;
  }
  if (expected === null) {
    const skippedText = skipped ? `, skipped ${skipped}` : '';
    return `Done ${count(done, 'time', 'times')}${skippedText} in the last ${windowDays} days.`;
  }
  if (item.schedule === 'weekly') {
    const skippedText = skipped ? `, skipped ${count(skipped, 'time', 'times')}` : '';
    // Done more often than once a week: "5 of 2 weeks" would read as nonsense.
    const doneText = done > expected ? `Done ${done} times in ${count(expected, 'week', 'weeks')}` : `Done ${done} of ${count(expected, 'week', 'weeks')}`;
    return `${doneText} (${percent(rate ?? 0)})${skippedText}.`;
  }
  const skippedText = skipped ? `, skipped on ${skipped}` : '';
  return `Done on ${done} of ${count(expected, 'day', 'days')} (${percent(rate ?? 0)})${skippedText}.`;
}

export function isOffline() {
  return globalThis.navigator?.onLine === false;
}

export function explainError(error) {
  if (error instanceof NetworkError) return 'You are offline, or the server cannot be reached. Please try again when you are online.';
  if (error instanceof NotSharedError) return 'This patient no longer shares with you, or the link is wrong.';
  if (error instanceof SessionEndedError) return 'Your session has ended. Please log in again.';
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
