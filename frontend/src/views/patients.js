// patients.js: the clinician's home: every patient who shares with them. At 1024 px and wider a
// table (latest cramp, cramps in 7 and 28 days with the change, warning signs to review, plan
// done over 14 days, last sync, access), sortable by any column; on phones and tablets one card
// per patient. Filtered by "needs attention" and by name. A share that ended in the last 30 days
// shows as "access ended on <date>", nothing more. Read online, kept in memory only.
//
//   render({root, navigate}) -> cleanup        patientCard(patient) -> <li>
//   patientRow(patient) -> <tr>                OFFLINE_TEXT

import { listEndedShares, listPatients, takePendingCode } from '../data/care-team.js';
import {
  ADHERENCE_THRESHOLDS,
  PATIENT_COLUMNS,
  adherencePercent,
  countChange,
  explainError,
  isOffline,
  matchesName,
  needsAttention,
  patientDate,
  permissionLabel,
  sortByColumn,
  topWarningLevel,
  warningSummary,
} from '../ui/care-team-text.js';
import { clear, h, rerender, uid } from '../ui/dom.js';
import '../styles/care-team.css';

export const OFFLINE_TEXT = 'You are offline. Patient data is shown only online and is never stored on this device.';

// The clinician's own zone: the list mixes patients from many zones, and "last sync" is theirs.
const clinicianDate = (iso) => (iso ? patientDate(iso, undefined) : '–');
const WIDE = '(min-width: 64rem)';

function fact(term, value, className) {
  return [h('dt', {}, term), h('dd', { class: className }, value)];
}

function withChange(now, before, days) {
  const change = countChange(now, before, days);
  return [String(now ?? 0), ' ', h('span', { class: 'change', 'aria-hidden': 'true' }, `(${change.text})`), h('span', { class: 'visually-hidden' }, `, ${change.spoken}`)];
}

function warningsText(patient) {
  const level = topWarningLevel(patient.warning_signs);
  const reviewed = patient.warning_signs?.reviewed ?? 0;
  return h(
    'span',
    { class: level ? `level level-${level}` : null },
    warningSummary(patient.warning_signs),
    reviewed ? h('span', { class: 'hint' }, ` (${reviewed} reviewed)`) : null,
  );
}

const patientLink = (patient) => h('a', { href: `#/patients/${patient.id}` }, patient.display_name || 'Patient');

export function patientCard(patient) {
  return h(
    'li',
    { class: 'patient-card' },
    h('h2', {}, patientLink(patient)),
    h(
      'dl',
      { class: 'facts' },
      fact('Signs to review', warningsText(patient)),
      fact('Last cramp', patient.last_cramp_at ? clinicianDate(patient.last_cramp_at) : 'None logged'),
      fact('Cramps, 7 days', withChange(patient.cramps_last_7_days, patient.cramps_prior_7_days, 7)),
      fact('Cramps, 28 days', withChange(patient.cramps_last_28_days, patient.cramps_prior_28_days, 28)),
      fact('Plan done, 14 days', adherencePercent(patient.adherence_14_days)),
      fact('Last sync', clinicianDate(patient.last_change_at)),
      fact('Access', permissionLabel(patient.share?.permission, 'clinician')),
    ),
  );
}

export function patientRow(patient) {
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, patientLink(patient)),
    h('td', {}, patient.last_cramp_at ? clinicianDate(patient.last_cramp_at) : 'None logged'),
    h('td', { class: 'number' }, withChange(patient.cramps_last_7_days, patient.cramps_prior_7_days, 7)),
    h('td', { class: 'number' }, withChange(patient.cramps_last_28_days, patient.cramps_prior_28_days, 28)),
    h('td', {}, warningsText(patient)),
    h('td', { class: 'number' }, adherencePercent(patient.adherence_14_days)),
    h('td', {}, clinicianDate(patient.last_change_at)),
    h('td', {}, permissionLabel(patient.share?.permission, 'clinician')),
  );
}

function endedList(ended) {
  if (!ended.length) return null;
  return h(
    'section',
    { 'aria-labelledby': 'ended-title', class: 'ended-shares' },
    h('h2', { id: 'ended-title' }, 'Access ended'),
    h(
      'ul',
      { class: 'plain-list' },
      ended.map((share) => h('li', {}, `${share.patient?.display_name || 'A patient'}: access ended on ${patientDate(share.endedAt, undefined, { time: false })}`)),
    ),
    h('p', { class: 'hint' }, 'Shown for 30 days after access ends. Nothing else of theirs is shown.'),
  );
}

export async function render({ root, navigate }) {
  // Arrived by an invite link before logging in: carry on redeeming it.
  const pendingCode = takePendingCode();
  if (pendingCode) {
    navigate(`/care-team/accept?code=${encodeURIComponent(pendingCode)}`, { replace: true });
    return undefined;
  }

  const wide = globalThis.matchMedia?.(WIDE);
  let sort = { code: 'warnings', ascending: true };
  let patients = [];
  let ended = [];

  const searchId = uid('field');
  const search = h('input', { id: searchId, type: 'search', name: 'search', autocomplete: 'off' });
  const attention = h('input', { type: 'checkbox', name: 'attention' });
  const thresholdId = uid('field');
  const threshold = h(
    'select',
    { id: thresholdId, name: 'threshold' },
    ADHERENCE_THRESHOLDS.map((value) => h('option', { value: String(value), selected: value === 0.5 }, `${Math.round(value * 100)}%`)),
  );
  const sortId = uid('field');
  const sortSelect = h(
    'select',
    { id: sortId, name: 'sort' },
    PATIENT_COLUMNS.map((column) => h('option', { value: column.code, selected: column.code === sort.code }, column.label)),
  );
  const controls = h(
    'div',
    { class: 'list-controls', hidden: true },
    h('div', { class: 'field' }, h('label', { for: searchId }, 'Find by name'), search),
    h('div', { class: 'field check-field' }, h('label', {}, attention, ' Needs attention only')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: thresholdId }, 'Needs attention: plan done below'),
      threshold,
    ),
    h('div', { class: 'field sort-field' }, h('label', { for: sortId }, 'Sort by'), sortSelect),
  );
  const status = h('p', { role: 'status' }, 'Loading…');
  const results = h('div', { class: 'patient-results' });
  const endedBox = h('div');
  const retry = h('button', { type: 'button', hidden: true }, 'Try again');

  function shown() {
    const limit = Number(threshold.value);
    const chosen = patients.filter((patient) => matchesName(patient, search.value) && (!attention.checked || needsAttention(patient, limit)));
    return sortByColumn(chosen, sort.code, sort.ascending);
  }

  function header(column) {
    const active = sort.code === column.code;
    const button = h(
      'button',
      { type: 'button', class: 'sort-button', dataset: { key: `sort-${column.code}` }, on: { click: () => sortBy(column.code) } },
      column.label,
      h('span', { 'aria-hidden': 'true', class: 'sort-mark' }, active ? (sort.ascending ? ' ▲' : ' ▼') : ''),
    );
    return h('th', { scope: 'col', 'aria-sort': active ? (sort.ascending ? 'ascending' : 'descending') : null }, button);
  }

  function sortBy(code) {
    sort = { code, ascending: sort.code === code ? !sort.ascending : true };
    sortSelect.value = code;
    draw();
  }

  function draw() {
    const rows = shown();
    const count = rows.length === patients.length ? '' : ` Showing ${rows.length}.`;
    status.textContent = `${patients.length} ${patients.length === 1 ? 'patient shares' : 'patients share'} with you.${count}`;
    let body;
    if (!rows.length) body = h('p', {}, 'No patient matches.');
    else if (wide?.matches) {
      body = h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'patient-table' },
          h('caption', { class: 'visually-hidden' }, 'Patients who share with you. Choose a column heading to sort by it.'),
          h('thead', {}, h('tr', {}, PATIENT_COLUMNS.map(header))),
          h('tbody', {}, rows.map(patientRow)),
        ),
      );
    } else body = h('ul', { class: 'plain-list patient-list' }, rows.map(patientCard));
    rerender(root, () => clear(results, body));
  }

  async function load() {
    retry.hidden = true;
    if (isOffline()) {
      status.textContent = OFFLINE_TEXT;
      retry.hidden = false;
      return;
    }
    try {
      [patients, ended] = await Promise.all([listPatients(), listEndedShares()]);
      clear(endedBox, endedList(ended));
      controls.hidden = patients.length < 2;
      if (patients.length) draw();
      else {
        clear(results);
        status.textContent = 'No patients yet. Ask a patient for the code in their Care team screen, then add them here.';
      }
    } catch (error) {
      status.textContent = explainError(error);
      retry.hidden = false;
    }
  }

  for (const control of [search, attention, threshold]) control.addEventListener('input', draw);
  sortSelect.addEventListener('change', () => {
    sort = { code: sortSelect.value, ascending: true };
    draw();
  });
  retry.addEventListener('click', load);
  const onWidth = () => patients.length && draw();
  wide?.addEventListener?.('change', onWidth);
  root.append(
    h(
      'div',
      { class: 'clinician-wide' },
      h('h1', {}, 'Patients'),
      h('p', {}, h('a', { class: 'button-link', href: '#/care-team/accept' }, 'Add a patient with a code')),
      controls,
      status,
      retry,
      results,
      endedBox,
    ),
  );
  const onOnline = () => load();
  globalThis.addEventListener('online', onOnline);
  await load();
  return () => {
    globalThis.removeEventListener('online', onOnline);
    wide?.removeEventListener?.('change', onWidth);
  };
}
