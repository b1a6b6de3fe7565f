// diary.js: every cramp on this phone, grouped by night (newest first), with a date filter.

import { groupByNight, listEpisodes } from '../data/episodes.js';
import { onDataChange } from '../data/live.js';
import { getReference } from '../data/reference.js';
import { clear, h, rerender, uid } from '../ui/dom.js';
import { episodeLine } from '../ui/episode-line.js';
import { formatNight } from '../ui/format.js';

function dateField(label, name, value) {
  const id = uid('field');
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name, type: 'date', value }));
}

export async function render({ root }) {
  const filter = { from: '', to: '' };
  const from = dateField('From night', 'from', filter.from);
  const to = dateField('To night', 'to', filter.to);
  const clearButton = h('button', { type: 'button', hidden: true }, 'Show all');
  const form = h('form', { class: 'filter', role: 'search', 'aria-label': 'Filter by date' }, from, to, clearButton);
  const list = h('div', { class: 'diary-list' });

  async function draw() {
    const [reference, episodes] = await Promise.all([
      getReference(),
      listEpisodes({ from: filter.from || null, to: filter.to || null }),
    ]);
    const nights = groupByNight(episodes);
    clearButton.hidden = !filter.from && !filter.to;
    rerender(root, () =>
      clear(
        list,
        h('p', { class: 'count', role: 'status' }, `${episodes.length} ${episodes.length === 1 ? 'cramp' : 'cramps'} on ${nights.length} ${nights.length === 1 ? 'night' : 'nights'}.`),
        nights.length === 0
          ? h('p', {}, filter.from || filter.to ? 'No cramps in these dates.' : 'No cramps logged yet. They appear here after you log one in Bedside.')
          : nights.map((night) =>
              h(
                'section',
                { class: 'night' },
                h('h2', {}, formatNight(night.night_of)),
                h(
                  'ul',
                  { class: 'episode-list' },
                  night.episodes.map((episode) => h('li', {}, h('a', { href: `#/diary/${episode.id}` }, episodeLine(episode, reference)))),
                ),
              ),
            ),
      ),
    );
  }

  form.addEventListener('change', () => {
    filter.from = from.querySelector('input').value;
    filter.to = to.querySelector('input').value;
    draw();
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  clearButton.addEventListener('click', () => {
    filter.from = '';
    filter.to = '';
    for (const input of form.querySelectorAll('input')) input.value = '';
    draw();
    from.querySelector('input').focus();
  });

  root.append(
    h('h1', {}, 'Diary'),
    h('p', {}, h('a', { href: '#/trends' }, 'See trends by week')),
    form,
    list,
  );
  await draw();
  return onDataChange(() => draw());
}
