// preferences.js: the bedside choices remembered from last time (muscle and side), so the next
// cramp needs no taps beyond "Cramp now". Kept in the `meta` store: per device, cleared with the
// rest on log-out. Pain is never remembered: each cramp is rated on its own, or stays unrated.
//
//   BEDSIDE_CHOICES_KEY
//   DEFAULT_BEDSIDE_CHOICES = {muscle: 'calf', side: null}  (calf: by far the most common)
//   getBedsideChoices() -> Promise<{muscle, side}>
//   rememberBedsideChoices(partial) -> Promise<{muscle, side}>   merges and stores
//   mergeChoices(previous, partial) -> the merged choices (pure; unknown keys, pain among them,
//       are dropped, so a rating stored by an older version is forgotten)

import { getMeta, setMeta } from '../db.js';

export const BEDSIDE_CHOICES_KEY = 'bedside_choices';
export const DEFAULT_BEDSIDE_CHOICES = Object.freeze({ muscle: 'calf', side: null });

export function mergeChoices(previous, partial) {
  const merged = { ...DEFAULT_BEDSIDE_CHOICES };
  for (const source of [previous, partial]) {
    if (!source) continue;
    for (const key of Object.keys(DEFAULT_BEDSIDE_CHOICES)) {
      if (source[key] !== undefined) merged[key] = source[key];
    }
  }
  return merged;
}

export async function getBedsideChoices() {
  return mergeChoices(await getMeta(BEDSIDE_CHOICES_KEY), null);
}

export async function rememberBedsideChoices(partial) {
  const merged = mergeChoices(await getMeta(BEDSIDE_CHOICES_KEY), partial);
  await setMeta(BEDSIDE_CHOICES_KEY, merged);
  return merged;
}
