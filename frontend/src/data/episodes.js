// episodes.js: the cramp diary on this device. Every write goes to IndexedDB and the outbox in one
// transaction (outbox.writeLocal), so a cramp is kept the moment it is tapped, online or not.
//
//   startEpisode({muscle, side}, now?) -> Promise<episode>   a draft: started, not ended; pain is
//       never filled in here (unrated stays null until the patient taps a number)
//   updateEpisode(id, fields) -> Promise<episode>
//   endEpisode(id, now?) -> Promise<episode>                            sets ended_at
//   deleteEpisode(id) -> Promise<void>   (also "Not a cramp: discard": an unsynced draft leaves no
//       trace in the outbox; a synced one is deleted on the server at the next sync)
//   getEpisode(id) -> Promise<episode|null>                             with night_of filled in
//   listEpisodes({from, to}?) -> Promise<episode[]>                     newest first; from/to are nights
//   runningEpisode(now?) -> Promise<episode|null>   the latest draft still open, if recent enough to resume
//   groupByNight(episodes) -> [{night_of, episodes}]  newest night first, each night's cramps in order
//   durationSeconds(episode) -> number|null   (null while the cramp is still going)
//   withNightOf(episode, timeZone) -> episode         (night_of from the server, else computed here)
//   RESUME_WINDOW_MS

import { STORES, getDb } from '../db.js';
import { deleteLocal, writeLocal } from '../outbox.js';
import { userTimeZone } from './account.js';
import { nightOf } from './time.js';

const ENTITY = 'episode';
// A draft older than this is not a cramp still going on; it was left open (the phone slept).
export const RESUME_WINDOW_MS = 60 * 60 * 1000;

export function withNightOf(episode, timeZone) {
  if (!episode || episode.night_of) return episode;
  return { ...episode, night_of: nightOf(episode.started_at, timeZone) };
}

export function durationSeconds(episode) {
  if (!episode?.started_at) return null;
  const end = episode.ended_at ? Date.parse(episode.ended_at) : null;
  if (end === null) return null;
  return Math.max(0, Math.round((end - Date.parse(episode.started_at)) / 1000));
}

function byStartDescending(left, right) {
  return Date.parse(right.started_at) - Date.parse(left.started_at);
}

export function groupByNight(episodes) {
  const nights = new Map();
  for (const episode of episodes) {
    if (!nights.has(episode.night_of)) nights.set(episode.night_of, []);
    nights.get(episode.night_of).push(episode);
  }
  return [...nights.entries()]
    .sort(([left], [right]) => (left < right ? 1 : left > right ? -1 : 0))
    .map(([night, list]) => ({
      night_of: night,
      episodes: list.sort((left, right) => Date.parse(left.started_at) - Date.parse(right.started_at)),
    }));
}

export async function startEpisode({ muscle = null, side = null } = {}, now = new Date()) {
  const record = { id: crypto.randomUUID(), started_at: new Date(now).toISOString() };
  // Only what is known is sent: an empty field stays the server's default (pain: not rated).
  if (muscle) record.muscle = muscle;
  if (side) record.side = side;
  return writeLocal(ENTITY, record);
}

export async function updateEpisode(id, fields) {
  return writeLocal(ENTITY, { ...fields, id });
}

export async function endEpisode(id, now = new Date()) {
  return writeLocal(ENTITY, { id, ended_at: new Date(now).toISOString() });
}

export async function deleteEpisode(id) {
  await deleteLocal(ENTITY, id);
}

export async function getEpisode(id) {
  const database = await getDb();
  const episode = await database.get(STORES.episodes, id);
  return episode ? withNightOf(episode, await userTimeZone()) : null;
}

export async function listEpisodes({ from = null, to = null } = {}) {
  const database = await getDb();
  const timeZone = await userTimeZone();
  return (await database.getAll(STORES.episodes))
    .filter((episode) => episode.started_at)
    .map((episode) => withNightOf(episode, timeZone))
    .filter((episode) => (!from || episode.night_of >= from) && (!to || episode.night_of <= to))
    .sort(byStartDescending);
}

export async function runningEpisode(now = Date.now()) {
  const latest = (await listEpisodes())[0];
  if (!latest || latest.ended_at) return null;
  return now - Date.parse(latest.started_at) < RESUME_WINDOW_MS ? latest : null;
}
