// episode-line.js: one cramp as a short line: '02:14 · Calf, left · pain 7/10 · 1 min 5 s'.

import { labelFor } from '../data/reference.js';
import { formatDuration, formatTime } from './format.js';

export function episodeLine(episode, reference) {
  const where = [labelFor(reference, 'muscles', episode.muscle), labelFor(reference, 'sides', episode.side)?.toLowerCase()]
    .filter(Boolean)
    .join(', ');
  const seconds = episode.ended_at ? (Date.parse(episode.ended_at) - Date.parse(episode.started_at)) / 1000 : null;
  return [
    formatTime(episode.started_at),
    where || 'Muscle not given',
    Number.isInteger(episode.severity) ? `pain ${episode.severity}/10` : null,
    seconds === null ? 'no end time' : formatDuration(seconds),
  ]
    .filter(Boolean)
    .join(' · ');
}
