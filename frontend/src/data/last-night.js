// last-night.js: the morning after. Which of last night's cramps still lack details, and the
// path that opens them one after another in the details form.
//
//   needsDetails(episode) -> boolean      pain, muscle, side or "did it wake you" not given yet
//   lastNightToComplete(now?) -> Promise<episode[]>   last night's cramps needing details, in order
//   detailsPath(id, rest = []) -> '/diary/<id>?next=<id,id>'   (next may be empty: end of the walk)
//   nextInQueue(nextParameter) -> {id, rest}   the next cramp to open from `?next=`, if any

import { userTimeZone } from './account.js';
import { listEpisodes } from './episodes.js';
import { addDays, localDate } from './time.js';

const UNANSWERED = (value) => value === null || value === undefined || value === '';

export function needsDetails(episode) {
  return ['severity', 'muscle', 'side', 'woke_from_sleep'].some((name) => UNANSWERED(episode[name]));
}

export async function lastNightToComplete(now = new Date()) {
  const timeZone = await userTimeZone();
  const lastNight = addDays(localDate(now, timeZone), -1);
  const episodes = await listEpisodes({ from: lastNight, to: lastNight });
  // Oldest first: the walk follows the night as it happened. A cramp still running is left alone.
  return episodes.filter((episode) => episode.ended_at && needsDetails(episode)).reverse();
}

export function detailsPath(id, rest = []) {
  return `/diary/${encodeURIComponent(id)}?next=${rest.map(encodeURIComponent).join(',')}`;
}

export function nextInQueue(nextParameter) {
  const ids = String(nextParameter ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return { id: ids[0] ?? null, rest: ids.slice(1) };
}
