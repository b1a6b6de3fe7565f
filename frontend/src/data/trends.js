// trends.js: cramps per week and average severity, computed on the device from the diary so the
// charts work offline; plus one plain sentence about them (a description, never a diagnosis).
//
//   weeklySummary(episodes, {weeks = 12, today}) -> [{week_start, count, nights, rated, average_severity}]
//       oldest week first; `today` is 'YYYY-MM-DD' in the patient's zone; episodes carry night_of
//   describeTrend(summary) -> string
//   loadTrends({weeks}?) -> Promise<{summary, sentence}>

import { userTimeZone } from './account.js';
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
    count,
    nights: nights.size,
    rated: severities.length,
    average_severity: severities.length
      ? round1(severities.reduce((sum, value) => sum + value, 0) / severities.length)
      : null,
  }));
}

function perWeek(weeks) {
  return weeks.reduce((sum, week) => sum + week.count, 0) / Math.max(1, weeks.length);
}

export function describeTrend(summary) {
  const total = summary.reduce((sum, week) => sum + week.count, 0);
  if (total === 0) return 'No cramps logged in these weeks.';
  const recent = summary.slice(-4);
  const before = summary.slice(-8, -4);
  const recentTotal = recent.reduce((sum, week) => sum + week.count, 0);
  const recentRate = perWeek(recent);
  let sentence =
    `In the last 4 weeks you logged ${recentTotal} ${recentTotal === 1 ? 'cramp' : 'cramps'}, ` +
    `about ${round1(recentRate)} a week`;
  if (before.length === 4) {
    const beforeRate = perWeek(before);
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
  const today = localDate(new Date(), await userTimeZone());
  const summary = weeklySummary(await listEpisodes(), { weeks, today });
  return { summary, sentence: describeTrend(summary) };
}
