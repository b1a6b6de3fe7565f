// trends.js: cramps per week and average severity, computed on the device from the diary so the
// charts work offline; plus one plain sentence about them (a description, never a diagnosis).
//
//   weeklySummary(episodes, {weeks = 12, today}) -> [{week_start, count, nights, rated, average_severity, partial}]
//       oldest week first; `today` is 'YYYY-MM-DD' in the patient's zone; episodes carry night_of;
//       the current week is `partial` (still going on), never a low bar to compare
//   describeTrend(summary, {today, diaryFrom}) -> string   diaryFrom: the diary's first night
//   diaryStart(episodes, user, timeZone) -> 'YYYY-MM-DD' | null
//   loadTrends({weeks}?) -> Promise<{summary, sentence}>

import { currentUser, userTimeZone } from './account.js';
import { listEpisodes } from './episodes.js';
import { addDays, localDate, weekStart } from './time.js';

function round1(value) {
  return Math.round(value * 10) / 10;
}

export function weeklySummary(episodes, { weeks = 12, today }) {
  const lastWeek = weekStart(today);
  const firstWeek = addDays(lastWeek, -7 * (weeks - 1));
  const buckets = new Map();
  for (let index = 0; index < weeks; index += 1) {
    const start = addDays(firstWeek, 7 * index);
    buckets.set(start, { week_start: start, count: 0, nights: new Set(), severities: [] });
  }
  for (const episode of episodes) {
    if (!episode.night_of) continue;
    const bucket = buckets.get(weekStart(episode.night_of));
    if (!bucket) continue;
    bucket.count += 1;
    bucket.nights.add(episode.night_of);
    if (Number.isInteger(episode.severity)) bucket.severities.push(episode.severity);
  }
  return [...buckets.values()].map(({ week_start, count, nights, severities }) => ({
    week_start,
    partial: week_start === lastWeek,
    count,
    nights: nights.size,
    rated: severities.length,
    average_severity: severities.length
      ? round1(severities.reduce((sum, value) => sum + value, 0) / severities.length)
      : null,
  }));
}

function daysFrom(first, last) {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86400000) + 1;
}

// Cramps a week over the nights the diary covers in these weeks: a three-week-old diary is not
// spread over four weeks, and the current week counts only its nights so far.
function perWeek(weeks, { today, diaryFrom }) {
  const first = [weeks[0].week_start, diaryFrom].filter(Boolean).sort().at(-1);
  const last = weeks.at(-1).partial ? today : addDays(weeks.at(-1).week_start, 6);
  const nights = Math.max(1, daysFrom(first, last));
  return (weeks.reduce((sum, week) => sum + week.count, 0) * 7) / nights;
}

export function diaryStart(episodes, user, timeZone) {
  const nights = episodes.map((episode) => episode.night_of).filter(Boolean);
  if (user?.created_at) nights.push(localDate(new Date(user.created_at), timeZone));
  return nights.sort().at(0) ?? null;
}

export function describeTrend(summary, { today = summary.at(-1)?.week_start, diaryFrom = null } = {}) {
  const total = summary.reduce((sum, week) => sum + week.count, 0);
  if (total === 0) return 'No cramps logged in these weeks.';
  const recent = summary.slice(-4);
  const before = summary.slice(-8, -4);
  const recentTotal = recent.reduce((sum, week) => sum + week.count, 0);
  const recentRate = perWeek(recent, { today, diaryFrom });
  let sentence =
    `In the last 4 weeks you logged ${recentTotal} ${recentTotal === 1 ? 'cramp' : 'cramps'}, ` +
    `about ${round1(recentRate)} a week`;
  // "More than before" needs a before: the diary must cover the 4 weeks before as well.
  if (before.length === 4 && (!diaryFrom || diaryFrom <= before[0].week_start)) {
    const beforeRate = perWeek(before, { today, diaryFrom });
    if (recentRate < beforeRate * 0.8) sentence += ', fewer than the 4 weeks before';
    else if (recentRate > beforeRate * 1.25) sentence += ', more than the 4 weeks before';
    else sentence += ', about the same as the 4 weeks before';
  }
  sentence += '.';
  const rated = recent.reduce((sum, week) => sum + week.rated, 0);
  if (rated > 0) {
    const severityTotal = recent.reduce((sum, week) => sum + (week.average_severity ?? 0) * week.rated, 0);
    sentence += ` Average pain ${round1(severityTotal / rated)} out of 10.`;
  }
  return sentence;
}

export async function loadTrends({ weeks = 12 } = {}) {
  const timeZone = await userTimeZone();
  const today = localDate(new Date(), timeZone);
  const [episodes, user] = await Promise.all([listEpisodes(), currentUser()]);
  const summary = weeklySummary(episodes, { weeks, today });
  return { summary, sentence: describeTrend(summary, { today, diaryFrom: diaryStart(episodes, user, timeZone) }) };
}
