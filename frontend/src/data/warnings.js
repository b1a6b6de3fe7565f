// warnings.js: warning signs as the server computed them (GET /warnings, cached in `meta` by the
// sync engine). The text is the server's; this module only orders it, urgent first.
//
//   getWarnings() -> Promise<warning[]>      [{code, level: info|advice|urgent, message, advice, evidence}]
//   normaliseWarnings(stored) -> warning[]   (pure)
//   LEVEL_ORDER

import { META_KEYS, getMeta } from '../db.js';

export const LEVEL_ORDER = ['urgent', 'advice', 'info'];

export function normaliseWarnings(stored) {
  const list = Array.isArray(stored) ? stored : Array.isArray(stored?.warnings) ? stored.warnings : [];
  const rank = (warning) => {
    const index = LEVEL_ORDER.indexOf(warning.level);
    return index < 0 ? LEVEL_ORDER.length : index;
  };
  return list.filter((warning) => warning && warning.message).sort((left, right) => rank(left) - rank(right));
}

export async function getWarnings() {
  return normaliseWarnings(await getMeta(META_KEYS.warnings));
}
