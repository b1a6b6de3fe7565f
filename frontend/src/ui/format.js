// format.js: times, dates and durations as short plain text, in the device's locale.
//
//   formatTime(iso) -> '02:14'
//   formatClock(seconds) -> '1:05' (the bedside timer)
//   formatDuration(seconds) -> '1 min 5 s' | '' when unknown
//   formatDay(isoDate, {weekday}) -> 'Mon 3 Nov'
//   formatNight(isoDate) -> 'Night of Mon 3 Nov'
//   formatWhen(iso, now?) -> '02:14' today, else '3 Nov, 02:14'

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const shortDayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const localDayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function formatTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : '';
}

export function formatClock(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

// Calendar dates ('YYYY-MM-DD') are formatted as UTC midnights so no zone shifts the day.
export function formatDay(isoDate, { weekday = true } = {}) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return (weekday ? dayFormat : shortDayFormat).format(date);
}

export function formatNight(isoDate) {
  return `Night of ${formatDay(isoDate)}`;
}

export function formatWhen(iso, now = new Date()) {
  const date = new Date(iso);
  if (date.toDateString() === new Date(now).toDateString()) return formatTime(iso);
  return `${localDayFormat.format(date)}, ${formatTime(iso)}`;
}
