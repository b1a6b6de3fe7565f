// insights.js: the server's view of the diary (GET /insights, cached in `meta` by the sync
// engine): plain summary sentences, what helped, adherence, bedtime nights done vs skipped and
// research notes per care-plan item. Charts are drawn from the device's own diary instead
// (data/trends.js), so they include cramps not synced yet and work before the first sync.
//
//   getInsights() -> Promise<insights | null>
//   evidenceByItem(insights) -> Map<item_id, [{text, citation}]>
//   helpedReliefs(insights) -> [{method, tried, helped}]   tried at least once, best first
//   bedtimeComparisons(insights) -> [{title, done: {nights, nights_with_cramps}, skipped: {...}}]

import { META_KEYS, getMeta } from '../db.js';

export async function getInsights() {
  const stored = await getMeta(META_KEYS.insights);
  return stored && typeof stored === 'object' && !Array.isArray(stored) ? stored : null;
}

export function evidenceByItem(insights) {
  const notes = new Map();
  for (const entry of insights?.evidence ?? []) {
    if (entry?.item_id && Array.isArray(entry.notes) && entry.notes.length) notes.set(entry.item_id, entry.notes);
  }
  return notes;
}

export function helpedReliefs(insights) {
  return (insights?.reliefs ?? [])
    .filter((relief) => relief.tried > 0)
    .sort((left, right) => (right.helped_rate ?? 0) - (left.helped_rate ?? 0) || right.tried - left.tried);
}

export function bedtimeComparisons(insights) {
  return (insights?.bedtime_nights ?? []).filter(
    (entry) => (entry.done?.nights ?? 0) + (entry.skipped?.nights ?? 0) > 0,
  );
}
