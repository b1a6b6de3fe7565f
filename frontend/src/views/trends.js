// trends.js: cramps per week and average pain per week, drawn from the diary on this phone, and
// what the server found over the last 90 nights (as of the last sync): what helped, and nights
// after a bedtime step was done or skipped. Observations only, never a claim of cause. At the
// bottom, "Report for my appointment": the server's one-page PDF for a chosen period.

import { bedtimeComparisons, getInsights, helpedReliefs } from '../data/insights.js';
import { onDataChange } from '../data/live.js';
import { getReference, labelFor } from '../data/reference.js';
import { REPORT_PERIODS, downloadReport } from '../data/reports.js';
import { userTimeZone } from '../data/account.js';
import { localDate } from '../data/time.js';
import { explainError, isOffline } from '../ui/care-team-text.js';
import { loadTrends } from '../data/trends.js';
import { barChart } from '../ui/chart.js';
import { clear, h } from '../ui/dom.js';
import { formatDay } from '../ui/format.js';

const WEEKS = 12;

function plural(count, word) {
  return `${count} ${count === 1 ? word : `${word}s`}`;
}

function serverSections(insights, reference) {
  if (!insights) return null;
  const reliefs = helpedReliefs(insights);
  const bedtime = bedtimeComparisons(insights);
  const side = (label, numbers) =>
    `${label}: cramps on ${numbers.nights_with_cramps} of ${plural(numbers.nights, 'night')}`;
  return [
    insights.summary?.length
      ? h('section', { 'aria-labelledby': 'summary-title' }, h('h2', { id: 'summary-title' }, 'In the last 90 nights'), h('ul', {}, insights.summary.map((line) => h('li', {}, line))))
      : null,
    reliefs.length
      ? h(
          'section',
          { 'aria-labelledby': 'reliefs-title' },
          h('h2', { id: 'reliefs-title' }, 'What helped you'),
          h('ul', {}, reliefs.map((relief) => h('li', {}, `${labelFor(reference, 'relief_methods', relief.method)}: helped ${relief.helped} of ${plural(relief.tried, 'time')}`))),
        )
      : null,
    bedtime.length
      ? h(
          'section',
          { 'aria-labelledby': 'bedtime-title' },
          h('h2', { id: 'bedtime-title' }, 'Nights after bedtime steps'),
          bedtime.map((entry) =>
            h('div', { class: 'comparison' }, h('h3', {}, entry.title), h('p', {}, side('Done', entry.done)), h('p', {}, side('Skipped', entry.skipped))),
          ),
          h('p', { class: 'hint' }, 'This compares nights; it does not show what caused what.'),
        )
      : null,
  ];
}

function reportSection() {
  const choice = h(
    'select',
    { id: 'report-period' },
    REPORT_PERIODS.map((period) => h('option', { value: period.value }, period.label)),
  );
  const button = h('button', { type: 'button', class: 'primary' }, 'Report for my appointment');
  const status = h('p', { role: 'status', class: 'hint' });
  button.addEventListener('click', async () => {
    if (isOffline()) {
      status.textContent = 'Connect to the internet to make the report.';
      return;
    }
    const period = REPORT_PERIODS.find((entry) => entry.value === choice.value) ?? REPORT_PERIODS[0];
    button.disabled = true;
    status.textContent = 'Making your report…';
    try {
      const today = localDate(new Date(), await userTimeZone());
      await downloadReport({ days: period.days, today });
      status.textContent = 'Your report is in your downloads.';
    } catch (error) {
      status.textContent = explainError(error);
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title' }, 'For your appointment'),
    h('p', {}, 'A one-page PDF of your diary to show your clinician, compared with the period before. It holds what has synced.'),
    h('div', { class: 'field' }, h('label', { for: 'report-period' }, 'Period'), choice),
    button,
    status,
  );
}

export async function render({ root }) {
  const body = h('div', {});
  root.append(h('h1', {}, 'Trends'), body, reportSection());

  async function draw() {
    const [{ summary, sentence }, insights, reference] = await Promise.all([
      loadTrends({ weeks: WEEKS }),
      getInsights(),
      getReference(),
    ]);
    // The week still going on is marked, so its short bar is never read as a good week.
    const label = (week) => `${formatDay(week.week_start, { weekday: false })}${week.partial ? ' (so far)' : ''}`;
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
      serverSections(insights, reference),
      h('p', { class: 'hint' }, 'These figures describe your diary. They are not a diagnosis; talk to your clinician about changes.'),
    );
  }

  await draw();
  return onDataChange(() => draw());
}
