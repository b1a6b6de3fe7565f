// warnings.js: warning signs, for the patient (Today) and for the clinician (a patient's page).
// The words are the server's. Each sign names the dates of the cramps behind it, each a link;
// shows who reviewed it; a seen sign folds to one line with its date.
//
//   urgentNotice(warnings) -> one line that leads to a new urgent sign; null when there is none
//   warningsSummary(warnings, {onSeen, episodeLink}) -> a new urgent sign, open, then one line
//       ("2 warning signs, 1 new") that opens the rest; null when there are none
//   warningCard(warning, {onSeen?, episodeLink?, actions?, headings?}) -> one sign
//   CLINICIAN_HEADINGS: the level names a clinician reads
//   newCount(warnings) -> how many are not seen yet

import { h } from './dom.js';
import { formatDay, formatWhen } from './format.js';
import '../styles/warnings.css';

const HEADINGS = { urgent: 'Please act on this', advice: 'Worth a word with your clinician', info: 'Good to know' };
// The clinician reads the level plainly; the patient reads what to do about it.
export const CLINICIAN_HEADINGS = { urgent: 'Urgent', advice: 'Advice', info: 'For information' };
const MAX_DATES = 6;

export function newCount(warnings) {
  return warnings.filter((warning) => !warning.seenAt).length;
}

function plural(count, word) {
  return `${count} ${count === 1 ? word : `${word}s`}`;
}

function localDate(iso) {
  // The cramp's own calendar day where the phone is, as the diary shows it.
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function evidenceDates(warning, episodeLink) {
  const episodes = warning.evidence?.episodes ?? [];
  if (!episodes.length) return null;
  const shown = episodes.slice(0, MAX_DATES);
  const more = (warning.evidence.episode_count ?? episodes.length) - shown.length;
  return h(
    'p',
    { class: 'warning-evidence' },
    episodes.length === 1 ? 'The cramp: ' : 'The cramps: ',
    shown.flatMap((episode, index) => [
      index ? ', ' : '',
      episodeLink
        ? h('a', { href: episodeLink(episode.id) }, formatDay(localDate(episode.started_at), { weekday: false }))
        : formatDay(localDate(episode.started_at), { weekday: false }),
    ]),
    more > 0 ? ` and ${more} more` : '',
    '.',
  );
}

function reviewLine(review) {
  if (!review) return null;
  const who = review.reviewer ? `Reviewed by ${review.reviewer}` : 'Reviewed by a clinician';
  return h(
    'p',
    { class: 'warning-review' },
    `${who} on ${formatDay(review.reviewed_at.slice(0, 10), { weekday: false })}`,
    review.note ? `: “${review.note}”` : '.',
  );
}

function seenText(warning) {
  return warning.seenAt && warning.seenAt !== 'pending' ? `Seen ${formatWhen(warning.seenAt)}` : 'Seen';
}

export function warningCard(warning, { onSeen, episodeLink, actions, headings = HEADINGS } = {}) {
  const level = warning.level ?? 'info';
  if (warning.seenAt && onSeen) {
    // Seen: one line with its date, the rest a tap away.
    return h(
      'details',
      { class: `warning warning-${level} warning-seen` },
      h('summary', {}, h('span', { class: 'warning-level' }, headings[level] ?? headings.info), ` · ${seenText(warning)}`),
      h('p', { class: 'warning-message' }, warning.message),
      warning.advice ? h('p', { class: 'warning-advice' }, warning.advice) : null,
      evidenceDates(warning, episodeLink),
      reviewLine(warning.review),
    );
  }
  return h(
    'div',
    { class: `warning warning-${level}` },
    h('p', { class: 'warning-level' }, headings[level] ?? headings.info, onSeen ? h('span', { class: 'warning-new' }, ' · New') : null),
    h('p', { class: 'warning-message' }, warning.message),
    warning.advice ? h('p', { class: 'warning-advice' }, warning.advice) : null,
    evidenceDates(warning, episodeLink),
    reviewLine(warning.review),
    onSeen ? h('button', { type: 'button', class: 'secondary', on: { click: () => onSeen(warning) } }, 'I’ve seen this') : null,
    actions ?? null,
  );
}

// One line at the top of Today when a new urgent sign waits below the plan: a tap takes the
// patient to it (hash links are routes here, so it scrolls instead).
export function urgentNotice(warnings) {
  const urgentNew = warnings.filter((warning) => warning.level === 'urgent' && !warning.seenAt);
  if (!urgentNew.length) return null;
  const jump = () => {
    const card = document.querySelector('.warnings-today > .warning-urgent');
    card?.scrollIntoView({ block: 'start' });
    card?.querySelector('button')?.focus({ preventScroll: true });
  };
  const text = urgentNew.length === 1 ? 'An urgent warning sign: please read it' : `${urgentNew.length} urgent warning signs: please read them`;
  return h('button', { type: 'button', class: 'urgent-notice', on: { click: jump } }, text);
}

export function warningsSummary(warnings, { onSeen, episodeLink } = {}) {
  if (!warnings.length) return null;
  // A new urgent sign stays open until it is marked seen; everything else waits behind one line.
  const urgentNew = warnings.filter((warning) => warning.level === 'urgent' && !warning.seenAt);
  const rest = warnings.filter((warning) => !urgentNew.includes(warning));
  const fresh = newCount(rest);
  const line = urgentNew.length
    ? `${plural(rest.length, 'other warning sign')}${fresh ? `, ${fresh} new` : ''}`
    : `${plural(rest.length, 'warning sign')}${fresh ? `, ${fresh} new` : ''}`;
  return h(
    'section',
    { class: 'warnings-today', 'aria-label': 'Warning signs' },
    urgentNew.map((warning) => warningCard(warning, { onSeen, episodeLink })),
    rest.length
      ? h(
          'details',
          { class: 'warnings-summary' },
          h('summary', {}, line),
          h('div', { class: 'warnings' }, rest.map((warning) => warningCard(warning, { onSeen, episodeLink }))),
        )
      : null,
  );
}
