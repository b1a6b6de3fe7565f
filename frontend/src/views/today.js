// today.js: today's care-plan checklist (done or skipped), last night's cramps and the warning
// signs the server found, if any: the plan first (a new urgent sign has one line above it that
// leads to it), then the signs, a new urgent one open, the rest behind one line. A step whose
// reminder is due now is on top with one-tap Done. A reminder's "Done" opens this screen at
// #/today?done=<item_id>&date=<day>: the tick is written here, like any other (works offline),
// and the link is then replaced by plain #/today so a reload doesn't tick again. A link whose step
// is gone, paused or stopped ticks nothing and says so (tickLinkMessage, pure).

import { userTimeZone } from '../data/account.js';
import { checksOn, dailyChecklist, listItems, setCheck } from '../data/careplan.js';
import { clockWarning } from '../data/clock.js';
import { listEpisodes } from '../data/episodes.js';
import { lastNightToComplete } from '../data/last-night.js';
import { onDataChange } from '../data/live.js';
import { getReference, labelFor } from '../data/reference.js';
import { clockTime, remindersDueNow, tickFromReminder } from '../data/reminders.js';
import { addDays, localDate } from '../data/time.js';
import { getWarnings, markSeen } from '../data/warnings.js';
import { choiceGroup } from '../ui/choices.js';
import { clear, h, rerender } from '../ui/dom.js';
import { episodeLine } from '../ui/episode-line.js';
import { formatDay } from '../ui/format.js';
import { lastNightPrompt } from '../ui/last-night.js';
import { flash } from '../ui/notices.js';
import { urgentNotice, warningsSummary } from '../ui/warnings.js';
import { dueBanner } from './reminders.js';

// Due reminders come and go with the clock, not only with the data.
const DUE_REFRESH_MS = 60_000;

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
        hint: [
          labelFor(reference, 'schedules', item.schedule),
          item.time_of_day,
          clockTime(item.reminder_at) ? `reminder ${clockTime(item.reminder_at)}` : null,
        ]
          .filter(Boolean)
          .join(', '),
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

// What a reminder's "Done" link says: "Ticked" only when tickFromReminder wrote the tick.
export function tickLinkMessage(result, today) {
  if (!result) return 'That reminder link did not work. Tick the step below.';
  if (!result.ticked) return 'That step is no longer in your plan.';
  const title = result.item?.title;
  const day = result.date === today ? '' : ` (${formatDay(result.date)})`;
  return title ? `Ticked: ${title}${day}.` : `Ticked${day}.`;
}

async function tickFromLink(query, navigate) {
  const result = await tickFromReminder(query.done, query.date);
  flash(tickLinkMessage(result, localDate(new Date(), await userTimeZone())));
  navigate('/today', { replace: true });
}

export async function render({ root, query = {}, navigate }) {
  if (query.done) {
    await tickFromLink(query, navigate);
    return undefined;
  }
  const section = h('div', {});
  root.append(section);

  async function draw() {
    const timeZone = await userTimeZone();
    const today = localDate(new Date(), timeZone);
    const lastNight = addDays(today, -1);
    const [reference, items, checks, warnings, episodes, toComplete, clock, due] = await Promise.all([
      getReference(),
      listItems(),
      checksOn(today),
      getWarnings(),
      listEpisodes({ from: lastNight, to: today }),
      lastNightToComplete(),
      clockWarning(),
      remindersDueNow(),
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
        dueBanner(due, { today }),
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
  const stopData = onDataChange(() => draw());
  const timer = setInterval(() => draw(), DUE_REFRESH_MS);
  return () => {
    stopData();
    clearInterval(timer);
  };
}
