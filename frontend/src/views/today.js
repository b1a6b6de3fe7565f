// today.js: today's care-plan checklist (done or skipped), last night's cramps and the warning
// signs the server found, if any: the plan first (a new urgent sign has one line above it that
// leads to it), then the signs, a new urgent one open, the rest behind one line.

import { userTimeZone } from '../data/account.js';
import { checksOn, dailyChecklist, listItems, setCheck } from '../data/careplan.js';
import { clockWarning } from '../data/clock.js';
import { listEpisodes } from '../data/episodes.js';
import { lastNightToComplete } from '../data/last-night.js';
import { onDataChange } from '../data/live.js';
import { getReference, labelFor } from '../data/reference.js';
import { addDays, localDate } from '../data/time.js';
import { getWarnings, markSeen } from '../data/warnings.js';
import { choiceGroup } from '../ui/choices.js';
import { clear, h, rerender } from '../ui/dom.js';
import { episodeLine } from '../ui/episode-line.js';
import { formatDay } from '../ui/format.js';
import { lastNightPrompt } from '../ui/last-night.js';
import { urgentNotice, warningsSummary } from '../ui/warnings.js';

function checklist(items, checks, reference, today) {
  if (items.length === 0) {
    return h('p', {}, 'Nothing planned for today. ', h('a', { href: '#/plan' }, 'Add a step to your care plan'), '.');
  }
  return h(
    'div',
    { class: 'checklist' },
    items.map((item) => {
      const check = checks.get(item.id);
      const group = choiceGroup({
        legend: item.title,
        hint: [labelFor(reference, 'schedules', item.schedule), item.time_of_day].filter(Boolean).join(', '),
        name: `check-${item.id}`,
        value: check ? String(check.done) : null,
        options: [
          { code: 'true', label: 'Done' },
          { code: 'false', label: 'Skipped' },
        ],
        className: 'row-choices check-choices',
        onChange: (value) => setCheck(item.id, today, value === 'true'),
      });
      return group;
    }),
  );
}

export async function render({ root }) {
  const section = h('div', {});
  root.append(section);

  async function draw() {
    const timeZone = await userTimeZone();
    const today = localDate(new Date(), timeZone);
    const lastNight = addDays(today, -1);
    const [reference, items, checks, warnings, episodes, toComplete, clock] = await Promise.all([
      getReference(),
      listItems(),
      checksOn(today),
      getWarnings(),
      listEpisodes({ from: lastNight, to: today }),
      lastNightToComplete(),
      clockWarning(),
    ]);
    const lastNightEpisodes = episodes.filter((episode) => episode.night_of === lastNight).reverse();
    const tonightEpisodes = episodes.filter((episode) => episode.night_of === today).reverse();
    const cramps = (list) =>
      h('ul', { class: 'episode-list' }, list.map((episode) => h('li', {}, h('a', { href: `#/diary/${episode.id}` }, episodeLine(episode, reference)))));

    rerender(root, () =>
      clear(
        section,
        h('h1', {}, 'Today'),
        h('p', { class: 'lead' }, formatDay(today)),
        clock ? h('p', { class: 'notice-inline clock-notice', role: 'status' }, clock) : null,
        urgentNotice(warnings),
        lastNightPrompt(toComplete),
        h('section', { 'aria-labelledby': 'plan-title' }, h('h2', { id: 'plan-title' }, 'Your plan today'), checklist(dailyChecklist(items, today), checks, reference, today)),
        warningsSummary(warnings, { onSeen: markSeen, episodeLink: (id) => `#/diary/${id}` }),
        h(
          'section',
          { 'aria-labelledby': 'night-title' },
          h('h2', { id: 'night-title' }, 'Last night'),
          lastNightEpisodes.length
            ? cramps(lastNightEpisodes)
            : h('p', {}, 'No cramps logged last night.'),
          tonightEpisodes.length ? [h('h3', {}, 'Since noon today'), cramps(tonightEpisodes)] : null,
          h('p', {}, h('a', { class: 'button-link', href: '#/bedside' }, 'Log a cramp')),
        ),
      ),
    );
  }

  await draw();
  return onDataChange(() => draw());
}
