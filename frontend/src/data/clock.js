// clock.js: whether this phone's clock looks wrong, judged against the server's at the last pull.
// Cramps are timed by the phone; a clock hours out puts them on the wrong night, and a cramp that
// seems to start in the future counts in no warning sign until its time comes.
//
//   clockWarning() -> Promise<string | null>   a plain sentence, or null when the clock looks right
//   describeSkew(milliseconds) -> string | null   (pure)

import { META_KEYS, getMeta } from '../db.js';

// Network delays are seconds; a clock set wrong is minutes or hours out.
const TOLERANCE = 10 * 60 * 1000;

export function describeSkew(milliseconds) {
  if (typeof milliseconds !== 'number' || Math.abs(milliseconds) < TOLERANCE) return null;
  const minutes = Math.round(Math.abs(milliseconds) / 60000);
  const amount = minutes < 90 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`;
  const way = milliseconds > 0 ? 'ahead' : 'behind';
  return `This device's clock looks about ${amount} ${way}. Cramps are timed by it, so please set the right date and time in your device's settings.`;
}

export async function clockWarning() {
  return describeSkew(await getMeta(META_KEYS.clockSkew));
}
