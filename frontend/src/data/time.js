// time.js: calendar arithmetic the diary needs, in the patient's own time zone.
//
//   NIGHT_ENDS_AT_HOUR = 12        (the server's rule: before noon belongs to the night before)
//   defaultTimeZone() -> IANA name of this device's zone
//   localParts(date, timeZone) -> {date: 'YYYY-MM-DD', hour, minute}
//   localDate(date?, timeZone?) -> 'YYYY-MM-DD'
//   nightOf(startedAt, timeZone) -> 'YYYY-MM-DD'   the evening the night began
//   addDays(isoDate, days) -> 'YYYY-MM-DD'
//   weekStart(isoDate) -> the Monday of that week, 'YYYY-MM-DD'
//   toLocalInputValue(iso) / fromLocalInputValue(value)   <input type=datetime-local> round trip;
//       the value has seconds when the time has them (a timed cramp), else stops at the minute
//   hasSeconds(iso) -> boolean                    the time is not on a whole minute
//   zonedInstant(isoDate, 'HH:MM', timeZone) -> Date   the instant that wall-clock time happens in
//       the zone, the server's rule (Python's fold=0): a time skipped when clocks go forward comes
//       the length of the gap later (01:30 -> 02:30), a time that happens twice is the first one
//
// Calendar dates are handled as UTC midnights so adding days never trips over a clock change.

export const NIGHT_ENDS_AT_HOUR = 12;

export function defaultTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const formatters = new Map();

function formatterFor(timeZone) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // An unknown zone name (an old profile, a typo) falls back to the device's zone.
      formatter = formatterFor(defaultTimeZone());
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function localParts(date, timeZone = defaultTimeZone()) {
  const parts = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(date))) parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

export function localDate(date = new Date(), timeZone = defaultTimeZone()) {
  return localParts(date, timeZone).date;
}

// The zone's offset from UTC at an instant, in milliseconds (to the minute, as localParts reads).
function offsetAt(milliseconds, timeZone) {
  const { date, hour, minute } = localParts(milliseconds, timeZone);
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day, hour, minute) - Math.floor(milliseconds / 60000) * 60000;
}

export function zonedInstant(isoDate, time, timeZone = defaultTimeZone()) {
  const [year, month, day] = isoDate.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets a day either side: a zone changes its clocks at most once in between.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const fits = [wall - before, wall - after].filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  // Twice (clocks went back): the first. Never (clocks went forward): read with the offset before.
  return new Date(fits.length ? Math.min(...fits) : wall - before);
}

export function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function nightOf(startedAt, timeZone = defaultTimeZone()) {
  const { date, hour } = localParts(startedAt, timeZone);
  return hour < NIGHT_ENDS_AT_HOUR ? addDays(date, -1) : date;
}

export function weekStart(isoDate) {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(isoDate, -((weekday + 6) % 7));
}

function pad(number) {
  return String(number).padStart(2, '0');
}

export function hasSeconds(iso) {
  if (!iso) return false;
  const date = new Date(iso);
  return date.getSeconds() !== 0 || date.getMilliseconds() !== 0;
}

export function toLocalInputValue(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const minute = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return hasSeconds(iso) ? `${minute}:${pad(date.getSeconds())}` : minute;
}

export function fromLocalInputValue(value) {
  if (!value) return null;
  const date = new Date(value); // datetime-local values are read in the device's zone
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
