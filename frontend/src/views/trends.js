// trends.js: cramps per week and average pain per week, drawn from the diary on this phone.

import { onDataChange } from '../data/live.js';
import { loadTrends } from '../data/trends.js';
import { clear, h } from '../ui/dom.js';
import { barChart } from '../ui/chart.js';
import { formatDay } from '../ui/format.js';

const WEEKS = 12;

export async function render({ root }) {
  const body = h('div', {});
  root.append(h('h1', {}, 'Trends'), body);

  async function draw() {
    const { summary, sentence } = await loadTrends({ weeks: WEEKS });
    const label = (week) => formatDay(week.week_start, { weekday: false });
    const counts = summary.map((week) => ({ label: label(week), value: week.count }));
    const severities = summary.map((week) => ({ label: label(week), value: week.average_severity }));
    const maxCount = Math.max(...counts.map((bar) => bar.value));
    clear(
      body,
      h('p', { class: 'lead' }, sentence),
      barChart({
        title: `Cramps per week, last ${WEEKS} weeks`,
        bars: counts,
        unit: 'Cramps',
        describe: `Bar chart of cramps per week. Most in one week: ${maxCount}.`,
      }),
      barChart({
        title: 'Average pain per week (0 to 10)',
        bars: severities,
        unit: 'Average pain',
        maxValue: 10,
        describe: 'Bar chart of the average pain each week, from 0 to 10. Weeks without a rating have no bar.',
      }),
      h('p', { class: 'hint' }, 'These charts describe your diary. They are not a diagnosis; talk to your clinician about changes.'),
    );
  }

  await draw();
  return onDataChange(() => draw());
}
