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
//   PATIENT_COLUMNS: [{code, label, compare}] (the list's table; compare sorts "first" first)
//   sortByColumn(patients, code, ascending = true) -> copy
//   needsAttention(patient, threshold) -> an unreviewed sign, or plan adherence below threshold
//   matchesName(patient, text) -> boolean (case and accents ignored)
//   countChange(now, before) -> {text: '+2', spoken: 'up 2 on the 7 days before'}
//   adherencePercent(adherence) -> '64%' | 'No steps due'
//   ADHERENCE_THRESHOLDS: [0.5, 0.7, 0.8]
//   patientDate(iso, timeZone, {time = true, now}?) -> '3 Dec, 14:05' | '3 Dec 2025, 14:05' (year when not this year)
//   DIARY_RANGES: [{days, label}];  rangeDates(days, today) -> {from, to} (ISO days)
//   localToday(timeZone, now?) -> '2026-12-03' in that zone
//   evidenceIds(warnings) -> Map(episode id -> [warning messages])
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

// The table's columns, each sorted the way a clinician reads it first: the most urgent, the most
// recent, the most cramps, the lowest adherence. A second click on a header reverses it.
const numberOf = (value) => (Number.isFinite(value) ? value : Number.NEGATIVE_INFINITY);
const adherenceOf = (patient) => patient.adherence_14_days?.rate ?? Number.POSITIVE_INFINITY;

export const PATIENT_COLUMNS = Object.freeze([
  { code: 'name', label: 'Patient', compare: byName },
  { code: 'last_cramp', label: 'Last cramp', compare: (left, right) => timeOf(right.last_cramp_at) - timeOf(left.last_cramp_at) },
  { code: 'week', label: 'Cramps, 7 days', compare: (left, right) => numberOf(right.cramps_last_7_days) - numberOf(left.cramps_last_7_days) },
  { code: 'month', label: 'Cramps, 28 days', compare: (left, right) => numberOf(right.cramps_last_28_days) - numberOf(left.cramps_last_28_days) },
  { code: 'warnings', label: 'Warning signs to review', compare: byWarnings },
  { code: 'adherence', label: 'Plan done, 14 days', compare: (left, right) => adherenceOf(left) - adherenceOf(right) },
  { code: 'updated', label: 'Last sync', compare: (left, right) => timeOf(right.last_change_at) - timeOf(left.last_change_at) },
  { code: 'access', label: 'Access', compare: (left, right) => String(left.share?.permission ?? '').localeCompare(String(right.share?.permission ?? '')) },
]);

export function sortByColumn(patients, code, ascending = true) {
  const column = PATIENT_COLUMNS.find((candidate) => candidate.code === code) ?? PATIENT_COLUMNS[0];
  const direction = ascending ? 1 : -1;
  return [...patients].sort((left, right) => direction * column.compare(left, right) || byName(left, right));
}

export const ADHERENCE_THRESHOLDS = Object.freeze([0.5, 0.7, 0.8]);

export function needsAttention(patient, threshold = 0.5) {
  const rate = patient.adherence_14_days?.rate;
  return (patient.warning_signs?.count ?? 0) > 0 || (Number.isFinite(rate) && rate < threshold);
}

const plain = (text) => String(text ?? '').normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();

export function matchesName(patient, text) {
  const wanted = plain(text).trim();
  return !wanted || plain(patient.display_name).includes(wanted);
}

export function countChange(now, before, days = 7) {
  const difference = (now ?? 0) - (before ?? 0);
  if (!difference) return { text: '±0', spoken: `the same as the ${days} days before` };
  return difference > 0
    ? { text: `+${difference}`, spoken: `up ${difference} on the ${days} days before` }
    : { text: `−${-difference}`, spoken: `down ${-difference} on the ${days} days before` };
}

export function adherencePercent(adherence) {
  return Number.isFinite(adherence?.rate) ? `${Math.round(adherence.rate * 100)}%` : 'No steps due';
}

export function localToday(timeZone, now = new Date()) {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  }
}

// A date in the patient's own zone (03:00 is a night cramp wherever the clinician is), with the
// year whenever it is not this year.
export function patientDate(iso, timeZone, { time = true, now = new Date() } = {}) {
  if (!iso) return '';
  const date = new Date(iso);
  const sameYear = localToday(timeZone, date).slice(0, 4) === localToday(timeZone, now).slice(0, 4);
  const parts = { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), ...(time ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}) };
  try {
    return new Intl.DateTimeFormat(undefined, { ...parts, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, parts).format(date);
  }
}

export const DIARY_RANGES = Object.freeze([
  { days: 28, label: '4 weeks' },
  { days: 91, label: '3 months' },
  { days: 365, label: '12 months' },
]);

export function rangeDates(days, today) {
  const last = new Date(`${today}T00:00:00Z`);
  const first = new Date(last.getTime() - (days - 1) * 86_400_000);
  return { from: first.toISOString().slice(0, 10), to: today };
}

export function evidenceIds(warnings) {
  const byEpisode = new Map();
  for (const warning of warnings ?? []) {
    const ids = warning.evidence?.episode_ids ?? (warning.evidence?.episodes ?? []).map((episode) => episode.id);
    for (const id of ids) byEpisode.set(id, [...(byEpisode.get(id) ?? []), warning.message]);
  }
  return byEpisode;
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
