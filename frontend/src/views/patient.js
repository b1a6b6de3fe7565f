// patient.js: one shared patient, for their clinician: summary, warning signs with their
// explanation, advice and dates (each can be marked reviewed, with a note the patient reads), weekly charts, recent cramps and the care plan (editable when the
// patient allowed it, see patient-plan.js). Everything is read online and held in memory only;
// a share that ended answers 404 and the screen says so plainly. "Download report" fetches the
// one-page visit report (last 28 nights against the 28 before) as a PDF; the patient's log shows it.

import { NotSharedError, loadPatient, reviewWarning } from '../data/care-team.js';
import { getReference, labelFor } from '../data/reference.js';
import { downloadReport } from '../data/reports.js';
import { explainError, isOffline, permissionLabel } from '../ui/care-team-text.js';
import { barChart } from '../ui/chart.js';
import { clear, h } from '../ui/dom.js';
import { formatDay, formatDuration } from '../ui/format.js';
import { CLINICIAN_HEADINGS, warningCard } from '../ui/warnings.js';
import { carePlanSection } from './patient-plan.js';
import { OFFLINE_TEXT } from './patients.js';
import '../styles/care-team.css';

// Cramp times in the patient's own time zone: 03:00 is a night cramp wherever the clinician is.
export function patientTimeFormatter(timeZone) {
  let format;
  try {
    format = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  } catch {
    format = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }
  return (iso) => (iso ? format.format(new Date(iso)) : '');
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
      fact('Last update', summary.last_change_at ? formatTime(summary.last_change_at) : '–'),
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

function trendsSection(insights, reference) {
  const weeks = insights.weeks ?? [];
  const label = (week) => formatDay(week.week_start, { weekday: false });
  const counts = weeks.map((week) => ({ label: label(week), value: week.cramps }));
  const pain = weeks.map((week) => ({ label: label(week), value: week.severity_average === null ? null : Math.round(week.severity_average * 10) / 10 }));
  const helped = (insights.reliefs ?? []).filter((relief) => relief.tried > 0);
  return h(
    'section',
    { 'aria-labelledby': 'patient-trends-title' },
    h('h2', { id: 'patient-trends-title' }, 'Trends'),
    (insights.summary ?? []).length ? h('ul', {}, insights.summary.map((sentence) => h('li', {}, sentence))) : null,
    barChart({
      title: 'Cramps per week',
      bars: counts,
      unit: 'Cramps',
      describe: `Bar chart of cramps per week over ${weeks.length} weeks. Most in one week: ${Math.max(0, ...counts.map((bar) => bar.value ?? 0))}.`,
    }),
    barChart({
      title: 'Average pain per week (0 to 10)',
      bars: pain,
      unit: 'Average pain',
      maxValue: 10,
      describe: 'Bar chart of the average pain each week, from 0 to 10. Weeks without a rating have no bar.',
    }),
    helped.length
      ? [
          h('h3', {}, 'What helped'),
          h('ul', {}, helped.map((relief) => h('li', {}, `${labelFor(reference, 'relief_methods', relief.method)}: helped ${relief.helped} of ${relief.tried} times`))),
        ]
      : null,
  );
}

function episodesSection(episodes, reference, formatTime) {
  return h(
    'section',
    { 'aria-labelledby': 'patient-episodes-title' },
    h('h2', { id: 'patient-episodes-title' }, 'Recent cramps'),
    episodes.length
      ? h('ul', { class: 'plain-list episode-lines' }, episodes.map((episode) => h('li', {}, episodeSummary(episode, reference, formatTime))))
      : h('p', {}, 'No cramps logged.'),
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

  async function show() {
    if (isOffline()) return failure(OFFLINE_TEXT);
    let data;
    let reference;
    try {
      [data, reference] = await Promise.all([loadPatient(params.id), getReference()]);
    } catch (error) {
      if (error instanceof NotSharedError) return gone(root);
      return failure(explainError(error));
    }
    const { summary, warnings, insights, episodes, plan } = data;
    const formatTime = patientTimeFormatter(summary.timezone);
    const canEdit = summary.share?.permission === 'edit_plan';
    const until = summary.share?.expires_at ? ` Shared until ${formatTime(summary.share.expires_at)}.` : '';
    clear(
      root,
      back,
      h('h1', { tabindex: '-1' }, summary.display_name || 'Patient'),
      h('p', { class: 'lead' }, `${permissionLabel(summary.share?.permission, 'clinician')}.${until}`),
      reportSection(params.id, () => gone(root)),
      warningsSection(params.id, warnings ?? [], () => gone(root)),
      summarySection(summary, reference, formatTime),
      trendsSection(insights ?? {}, reference),
      episodesSection(episodes ?? [], reference, formatTime),
      carePlanSection({ patientId: params.id, plan, canEdit, reference, user, onNotShared: () => gone(root) }),
    );
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
