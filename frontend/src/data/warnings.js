// warnings.js: warning signs as the server computed them (GET /warnings, cached in `meta` by the
// sync engine), with what the patient did about each: a sign marked seen on this device counts
// at once, offline too, and reaches the server through the outbox like any other write. The text
// is the server's; this module orders it (urgent first, new before seen) and marks it.
//
//   getWarnings() -> Promise<warning[]>   [{code, level, message, advice, evidence, occurrence,
//                                           tokens, seenAt: ISO | PENDING | null,
//                                           review: {reviewed_at, reviewer, note} | null}]
//   markSeen(warning) -> Promise<void>    this occurrence is seen (sync entity `sign_mark`)
//   normaliseWarnings(stored, marks = []) -> warning[]   (pure)
//   LEVEL_ORDER

import { META_KEYS, STORES, getDb, getMeta } from '../db.js';
import { writeLocal } from '../outbox.js';

export const LEVEL_ORDER = ['urgent', 'advice', 'info'];
// Sorts after any ISO time, so a synced mark's date wins over "marked here, not yet synced".
export const PENDING = 'pending';

// A mark covers a sign when it is for the same rule and its evidence includes all the sign's:
// new evidence (a new cramp, a new medicine) makes a sign no mark covers, so it comes back.
function coveringMarks(warning, marks) {
  const tokens = warning.tokens ?? [];
  return marks.filter((mark) => mark.code === warning.code && tokens.every((token) => (mark.tokens ?? []).includes(token)));
}

function marked(warning, marks) {
  const covering = coveringMarks(warning, marks);
  // A mark made here and not yet synced has no server time: it is seen all the same.
  const times = [warning.acknowledged_at, ...covering.map((mark) => mark.acknowledged_at ?? (mark.acknowledged ? PENDING : null))];
  const seenAt = times.filter(Boolean).sort().at(0) ?? null;
  const reviewed = covering.filter((mark) => mark.reviewed_at).sort((a, b) => a.reviewed_at.localeCompare(b.reviewed_at)).at(-1);
  const review = warning.review ?? (reviewed ? { reviewed_at: reviewed.reviewed_at, reviewer: reviewed.reviewer_name, note: reviewed.review_note } : null);
  return { ...warning, seenAt, review };
}

export function normaliseWarnings(stored, marks = []) {
  const list = Array.isArray(stored) ? stored : Array.isArray(stored?.warnings) ? stored.warnings : [];
  const rank = (warning) => {
    const index = LEVEL_ORDER.indexOf(warning.level);
    return (index < 0 ? LEVEL_ORDER.length : index) * 2 + (warning.seenAt ? 1 : 0);
  };
  return list
    .filter((warning) => warning && warning.message)
    .map((warning) => marked(warning, marks))
    .sort((left, right) => rank(left) - rank(right));
}

export async function getWarnings() {
  const database = await getDb();
  const [stored, marks] = await Promise.all([getMeta(META_KEYS.warnings), database.getAll(STORES.signMarks)]);
  return normaliseWarnings(stored, marks);
}

export async function markSeen(warning) {
  await writeLocal('sign_mark', {
    code: warning.code,
    occurrence: warning.occurrence,
    tokens: warning.tokens ?? [],
    acknowledged: true,
  });
}
