// patient-diary.js: a shared patient's whole cramp diary over the chosen period, for their
// clinician: every cramp, newest first, a page at a time; each opens in place with every field
// (times in the patient's own zone, the year when it isn't this year). Cramps a warning sign is
// based on are marked, with the sign.
//
//   diarySection({patientId, reference, timeZone, warnings, visitId, onNotShared}) -> {element, show({from, to, label})}
//   episodeDetails(episode, {reference, timeZone, signs}) -> <details>
//   PAGE_SIZE

import { NotSharedError, loadDiary } from '../data/care-team.js';
import { labelFor } from '../data/reference.js';
import { evidenceIds, explainError, patientDate } from '../ui/care-team-text.js';
import { clear, h } from '../ui/dom.js';
import { formatDuration } from '../ui/format.js';

export const PAGE_SIZE = 25;

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

const labels = (reference, vocabulary, codes) => (codes ?? []).map((code) => labelFor(reference, vocabulary, code));
const listed = (items) => (items.length ? items.join(', ') : 'None recorded');

function wokeText(woke) {
  if (woke === true) return 'Yes';
  if (woke === false) return 'No';
  return 'Not recorded';
}

export function episodeDetails(episode, { reference, timeZone, signs = [] }) {
  const where = [labelFor(reference, 'muscles', episode.muscle), episode.side ? labelFor(reference, 'sides', episode.side).toLowerCase() : null].filter(Boolean);
  const pain = Number.isInteger(episode.severity) ? `pain ${episode.severity}/10` : 'pain not rated';
  const duration = Number.isFinite(episode.duration_seconds) ? formatDuration(episode.duration_seconds) : 'length not recorded';
  const reliefs = (episode.reliefs ?? []).map(
    (relief) => `${labelFor(reference, 'relief_methods', relief.method)}: ${relief.effect ? labelFor(reference, 'relief_effects', relief.effect).toLowerCase() : 'effect not recorded'}`,
  );
  return h(
    'details',
    { class: signs.length ? 'diary-entry has-sign' : 'diary-entry', dataset: { episode: episode.id } },
    h(
      'summary',
      {},
      h('span', { class: 'diary-when' }, patientDate(episode.started_at, timeZone)),
      ` · ${where.length ? where.join(', ') : 'Muscle not given'} · ${pain} · ${duration}`,
      signs.length ? h('span', { class: 'sign-mark' }, ' · Warning sign') : null,
    ),
    h(
      'dl',
      { class: 'facts' },
      fact('Started', patientDate(episode.started_at, timeZone)),
      fact('Ended', episode.ended_at ? patientDate(episode.ended_at, timeZone) : 'Not recorded'),
      fact('Duration', Number.isFinite(episode.duration_seconds) ? formatDuration(episode.duration_seconds) : 'Not recorded'),
      fact('Pain', Number.isInteger(episode.severity) ? `${episode.severity} out of 10` : 'Not rated'),
      fact('Muscle', episode.muscle ? labelFor(reference, 'muscles', episode.muscle) : 'Not given'),
      fact('Side', episode.side ? labelFor(reference, 'sides', episode.side) : 'Not given'),
      fact('Woke them', wokeText(episode.woke_from_sleep)),
      fact('Triggers', listed(labels(reference, 'triggers', episode.triggers))),
      fact('What they tried', listed(reliefs)),
      fact('Symptoms', listed(labels(reference, 'symptoms', episode.symptoms))),
      fact('Notes', episode.notes?.trim() ? episode.notes : 'None'),
      signs.length ? fact('Warning sign', signs.join(' ')) : null,
    ),
  );
}

export function diarySection({ patientId, reference, timeZone, warnings, visitId, onNotShared }) {
  const signsByEpisode = evidenceIds(warnings);
  const heading = h('h2', { id: 'patient-diary-title', tabindex: '-1' }, 'Cramp diary');
  const status = h('p', { role: 'status', class: 'hint' });
  const list = h('ol', { class: 'plain-list diary-list' });
  const newer = h('button', { type: 'button', class: 'secondary' }, 'Newer cramps');
  const older = h('button', { type: 'button', class: 'secondary' }, 'Older cramps');
  const pager = h('div', { class: 'pager' }, newer, older);
  let range = null;
  let page = 1;

  let latest = 0;
  async function draw() {
    status.textContent = 'Loading…';
    const asked = ++latest;
    try {
      const { episodes, hasMore } = await loadDiary(patientId, { from: range.from, to: range.to, page, pageSize: PAGE_SIZE, visitId });
      if (asked !== latest) return undefined; // a later page or period was asked for meanwhile
      if (!episodes.length && page > 1) {
        page -= 1;
        return draw();
      }
      clear(list, episodes.map((episode) => h('li', {}, episodeDetails(episode, { reference, timeZone, signs: signsByEpisode.get(episode.id) ?? [] }))));
      const first = (page - 1) * PAGE_SIZE + 1;
      status.textContent = episodes.length
        ? `Cramps ${first} to ${first + episodes.length - 1} in the last ${range.label}, newest first. Open one for every detail.`
        : `No cramps logged in the last ${range.label}.`;
      newer.hidden = page === 1;
      older.hidden = !hasMore;
      pager.hidden = newer.hidden && older.hidden;
    } catch (error) {
      if (error instanceof NotSharedError) return onNotShared();
      status.textContent = explainError(error);
    }
    return undefined;
  }

  async function turn(step) {
    page += step;
    await draw();
    heading.focus();
  }

  newer.addEventListener('click', () => turn(-1));
  older.addEventListener('click', () => turn(1));
  const element = h('section', { 'aria-labelledby': 'patient-diary-title', class: 'diary' }, heading, status, list, pager);
  return {
    element,
    show(nextRange) {
      range = nextRange;
      page = 1;
      return draw();
    },
  };
}
