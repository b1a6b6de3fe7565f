// patient.js: one shared patient, for their clinician. At 1024 px and wider two columns: the
// summary, warning signs (each can be marked reviewed, with a note the patient reads) and the
// visit report on one side; the period (4 weeks, 3 months, 12 months), its figures and charts
// (per week; per month over a year), the full cramp diary (patient-diary.js) and the care plan
// (editable when the patient allowed it, patient-plan.js) on the other. On phones one column.
// Everything is read online and held in memory only; a share that ended answers 404 and the
// screen says so plainly.
// Every read of one visit carries one visit id, so the patient's log shows it as one line.
// "Download report" fetches the one-page visit report as a PDF; the patient's log shows it.
//
//   render({root, params, user})    patientTimeFormatter(timeZone) -> (iso) -> text
//   episodeSummary(episode, reference, formatTime) -> one line

import { NotSharedError, loadInsights, loadPatient, newVisitId, reviewWarning } from '../data/care-team.js';
import { getReference, labelFor } from '../data/reference.js';
import { downloadReport } from '../data/reports.js';
import { DIARY_RANGES, explainError, isOffline, patientDate, permissionLabel } from '../ui/care-team-text.js';
import { barChart } from '../ui/chart.js';
import { clear, h, uid } from '../ui/dom.js';
import { formatDay, formatDuration } from '../ui/format.js';
import { CLINICIAN_HEADINGS, warningCard } from '../ui/warnings.js';
import { diarySection } from './patient-diary.js';
import { carePlanSection } from './patient-plan.js';
import { OFFLINE_TEXT } from './patients.js';
import '../styles/care-team.css';

// Cramp times in the patient's own time zone: 03:00 is a night cramp wherever the clinician is.
export function patientTimeFormatter(timeZone) {
  return (iso) => patientDate(iso, timeZone);
}

export function episodeSummary(episode, reference, formatTime) {
  const where = [labelFor(reference, 'muscles', episode.muscle), labelFor(reference, 'sides', episode.side).toLowerCase()].filter(Boolean).join(', ');
  const symptoms = (episode.symptoms ?? []).map((code) => labelFor(reference, 'symptoms', code).toLowerCase());
  return [
    formatTime(episode.started_at),
    where || 'Muscle not given',
    Number.isInteger(episode.severity) ? `pain ${episode.severity}/10` : null,
    Number.isFinite(episode.duration_seconds) ? formatDuration(episode.duration_seconds) : null,
    symptoms.length ? `with ${symptoms.join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function summarySection(summary, reference, formatTime) {
  const conditions = (summary.conditions ?? []).map((code) => labelFor(reference, 'conditions', code));
  const medications = (summary.medications ?? []).map((medication) =>
    [medication.name, medication.class ? `(${labelFor(reference, 'medication_classes', medication.class)})` : null].filter(Boolean).join(' '),
  );
  return h(
    'section',
    { 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, 'Summary'),
    h(
      'dl',
      { class: 'facts' },
      fact('Last cramp', summary.last_cramp_at ? formatTime(summary.last_cramp_at) : 'None logged'),
      fact('Cramps, last 7 days', summary.cramps_last_7_days ?? 0),
      fact('Cramps, last 28 days', summary.cramps_last_28_days ?? 0),
      fact('Active plan steps', summary.active_care_plan_items ?? 0),
      fact('Conditions', conditions.length ? conditions.join(', ') : 'None listed'),
      fact('Medications', medications.length ? medications.join('; ') : 'None listed'),
      fact('Last sync', summary.last_change_at ? formatTime(summary.last_change_at) : '–'),
      fact('Time zone', summary.timezone ?? '–'),
    ),
  );
}

// Marking a sign reviewed, with an optional note the patient reads; the card then says so.
function reviewForm(patientId, warning, onNotShared) {
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 1000 });
  const status = h('p', { role: 'status', class: 'hint' });
  const form = h(
    'form',
    { class: 'review-form' },
    h('label', {}, 'Note for the patient (optional)', note),
    h('button', { type: 'submit', class: 'secondary' }, 'Mark as reviewed'),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const reviewed = await reviewWarning(patientId, warning.occurrence, note.value.trim() || null);
      form.replaceWith(warningCard(reviewed).querySelector('.warning-review') ?? h('p', {}, 'Reviewed.'));
    } catch (error) {
      if (error instanceof NotSharedError) return onNotShared();
      status.textContent = explainError(error);
    }
    return undefined;
  });
  return form;
}

function warningsSection(patientId, warnings, onNotShared) {
  return h(
    'section',
    { 'aria-labelledby': 'patient-warnings-title', class: 'warnings' },
    h('h2', { id: 'patient-warnings-title' }, 'Warning signs'),
    warnings.length
      ? warnings.map((warning) =>
          warningCard(warning, {
            headings: CLINICIAN_HEADINGS,
            actions: warning.review ? null : reviewForm(patientId, warning, onNotShared),
          }),
        )
      : h('p', {}, 'None at the moment.'),
  );
}

function figuresList(totals, label) {
  if (!totals) return null;
  const average = Number.isFinite(totals.severity_average) ? `${Math.round(totals.severity_average * 10) / 10} out of 10` : 'Not rated';
  const typical = Number.isFinite(totals.duration_median_seconds) ? formatDuration(totals.duration_median_seconds) : 'Not recorded';
  const perWeek = Number.isFinite(totals.cramps_per_week) ? ` (${Math.round(totals.cramps_per_week * 10) / 10} a week)` : '';
  return h(
    'dl',
    { class: 'facts figures' },
    fact(`Cramps, last ${label}`, `${totals.cramps ?? 0}${perWeek}`),
    fact('Nights with cramps', `${totals.cramp_nights ?? 0} of ${totals.covered_nights ?? totals.nights ?? 0} nights in the diary`),
    fact('Average pain', average),
    fact('Typical length', typical),
  );
}

// Over a year, 52 weekly bars can't carry a label each: months can.
const MOST_WEEKLY_BARS = 16;

function barsOf(weeks) {
  const weekly = weeks.length <= MOST_WEEKLY_BARS;
  const groups = new Map();
  for (const week of weeks) {
    const key = weekly ? week.week_start : week.week_start.slice(0, 7);
    const group = groups.get(key) ?? { key, cramps: 0, painSum: 0, rated: 0 };
    group.cramps += week.cramps ?? 0;
    if (week.severity_average !== null && week.severity_average !== undefined) {
      // Weighted by the week's cramps, so a busy week counts for more than a quiet one.
      group.painSum += week.severity_average * Math.max(1, week.cramps ?? 0);
      group.rated += Math.max(1, week.cramps ?? 0);
    }
    groups.set(key, group);
  }
  const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const label = (key) => (weekly ? formatDay(key, { weekday: false }) : monthFormat.format(new Date(`${key}-01T00:00:00Z`)));
  const list = [...groups.values()];
  return {
    per: weekly ? 'week' : 'month',
    counts: list.map((group) => ({ label: label(group.key), value: group.cramps })),
    pain: list.map((group) => ({ label: label(group.key), value: group.rated ? Math.round((group.painSum / group.rated) * 10) / 10 : null })),
  };
}

function trendsSection(insights, reference, label) {
  const { per, counts, pain } = barsOf(insights.weeks ?? []);
  const helped = (insights.reliefs ?? []).filter((relief) => relief.tried > 0);
  return h(
    'section',
    { 'aria-labelledby': 'patient-trends-title' },
    h('h2', { id: 'patient-trends-title' }, `Trends, last ${label}`),
    figuresList(insights.totals, label),
    (insights.summary ?? []).length ? h('ul', {}, insights.summary.map((sentence) => h('li', {}, sentence))) : null,
    h(
      'div',
      { class: 'chart-pair' },
      barChart({
        title: `Cramps per ${per}`,
        bars: counts,
        unit: 'Cramps',
        describe: `Bar chart of cramps per ${per} over ${counts.length} ${per}s. Most in one ${per}: ${Math.max(0, ...counts.map((bar) => bar.value ?? 0))}.`,
      }),
      barChart({
        title: `Average pain per ${per} (0 to 10)`,
        bars: pain,
        unit: 'Average pain',
        maxValue: 10,
        describe: `Bar chart of the average pain each ${per}, from 0 to 10. A ${per} without a rating has no bar.`,
      }),
    ),
    helped.length
      ? [
          h('h3', {}, 'What helped'),
          h('ul', {}, helped.map((relief) => h('li', {}, `${labelFor(reference, 'relief_methods', relief.method)}: helped ${relief.helped} of ${relief.tried} times`))),
        ]
      : null,
  );
}

// The period every figure, chart and the diary cover: radio buttons, so the arrow keys move
// between them as in any group of choices.
function rangeControl(days, onChange) {
  const name = uid('range');
  return h(
    'fieldset',
    { class: 'range-choices' },
    h('legend', {}, 'Show the last'),
    DIARY_RANGES.map((range) =>
      h(
        'label',
        { class: 'range-choice' },
        h('input', { type: 'radio', name, value: String(range.days), checked: range.days === days, on: { change: () => onChange(range) } }),
        ` ${range.label}`,
      ),
    ),
  );
}

function reportSection(patientId, onNotShared) {
  const button = h('button', { type: 'button', class: 'primary' }, 'Download report');
  const status = h('p', { role: 'status', class: 'hint' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Making the report…';
    try {
      await downloadReport({ patientId });
      status.textContent = 'The report is in your downloads.';
    } catch (error) {
      if (error instanceof NotSharedError) return onNotShared();
      status.textContent = explainError(error);
    } finally {
      button.disabled = false;
    }
    return undefined;
  });
  return h(
    'section',
    { 'aria-labelledby': 'patient-report-title' },
    h('h2', { id: 'patient-report-title' }, 'Visit report'),
    h('p', {}, 'One page: the last 4 weeks against the 4 before, the care plan, warning signs and medicines. The patient sees this download in their log.'),
    button,
    status,
  );
}

function gone(root) {
  clear(
    root,
    h('p', { class: 'back' }, h('a', { href: '#/patients' }, '‹ Patients')),
    h('h1', { tabindex: '-1' }, 'Patient not available'),
    h('p', {}, 'This patient no longer shares with you, or the link is wrong. Nothing of theirs is shown.'),
  );
  root.querySelector('h1').focus();
}

export async function render({ root, params, user }) {
  const back = h('p', { class: 'back' }, h('a', { href: '#/patients' }, '‹ Patients'));
  // One look at the patient, however many calls it takes: the patient's log shows one line.
  const visitId = newVisitId();
  let range = DIARY_RANGES[0];

  async function show() {
    if (isOffline()) return failure(OFFLINE_TEXT);
    let data;
    let reference;
    try {
      [data, reference] = await Promise.all([loadPatient(params.id, { days: range.days, visitId }), getReference()]);
    } catch (error) {
      if (error instanceof NotSharedError) return gone(root);
      return failure(explainError(error));
    }
    const { summary, warnings, insights, plan } = data;
    const timeZone = summary.timezone;
    const formatTime = patientTimeFormatter(timeZone);
    const canEdit = summary.share?.permission === 'edit_plan';
    const until = summary.share?.expires_at ? ` Shared until ${formatTime(summary.share.expires_at)}.` : '';
    const onNotShared = () => gone(root);
    const trendsBox = h('div', {}, trendsSection(insights ?? {}, reference, range.label));
    const diary = diarySection({ patientId: params.id, reference, timeZone, warnings, visitId, onNotShared });
    // The diary covers the nights the insights did, counted in the patient's zone by the server.
    const periodOf = (loaded) => ({ from: loaded.from, to: loaded.to, label: range.label });

    let latest = 0;
    async function changeRange(next) {
      range = next;
      // Quick changes of mind: only the last choice's answers are drawn.
      const asked = ++latest;
      try {
        const loaded = await loadInsights(params.id, { days: range.days, visitId });
        if (asked !== latest) return undefined;
        clear(trendsBox, trendsSection(loaded, reference, range.label));
        await diary.show(periodOf(loaded));
      } catch (error) {
        if (error instanceof NotSharedError) return onNotShared();
        clear(trendsBox, h('p', { role: 'status' }, explainError(error)));
      }
      return undefined;
    }

    clear(
      root,
      h(
        'div',
        { class: 'clinician-wide' },
        back,
        h('h1', { tabindex: '-1' }, summary.display_name || 'Patient'),
        h('p', { class: 'lead' }, `${permissionLabel(summary.share?.permission, 'clinician')}.${until} Times are the patient’s (${timeZone}).`),
        h(
          'div',
          { class: 'patient-layout' },
          h(
            'div',
            { class: 'patient-aside' },
            summarySection(summary, reference, formatTime),
            warningsSection(params.id, warnings ?? [], onNotShared),
            reportSection(params.id, onNotShared),
          ),
          h(
            'div',
            { class: 'patient-main' },
            rangeControl(range.days, changeRange),
            trendsBox,
            diary.element,
            carePlanSection({ patientId: params.id, plan, canEdit, reference, user, onNotShared, visitId }),
          ),
        ),
      ),
    );
    await diary.show(periodOf(insights));
    return undefined;
  }

  function failure(message) {
    const retry = h('button', { type: 'button' }, 'Try again');
    retry.addEventListener('click', async () => {
      await show();
      root.querySelector('h1')?.focus();
    });
    clear(root, back, h('h1', { tabindex: '-1' }, 'Patient'), h('p', { role: 'status' }, message), retry);
  }

  await show();
  return undefined;
}
