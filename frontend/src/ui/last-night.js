// last-night.js: Today's "2 cramps last night: add details?" prompt, which opens them one after
// another in the details form. Renders nothing when every cramp of last night has its details.
//
//   lastNightPrompt(episodes) -> <section> | null    episodes: data/last-night.lastNightToComplete()

import { detailsPath } from '../data/last-night.js';
import { h } from './dom.js';

export function lastNightPrompt(episodes) {
  if (!episodes.length) return null;
  const [first, ...rest] = episodes.map((episode) => episode.id);
  const count = episodes.length;
  return h(
    'section',
    { class: 'last-night-prompt', 'aria-labelledby': 'last-night-prompt-title' },
    h('h2', { id: 'last-night-prompt-title' }, `${count} ${count === 1 ? 'cramp' : 'cramps'} last night: add details?`),
    h('p', {}, 'Pain, where and whether it woke you: a minute now makes your diary and your trends more useful.'),
    h('p', {}, h('a', { class: 'button-link primary-link', href: `#${detailsPath(first, rest)}` }, count === 1 ? 'Add details' : `Add details, one after another`)),
  );
}
