// patients.js: the clinician's home: every patient who shares with them, with their latest cramp,
// cramps in 7 and 28 days, warning signs and latest update. Read online, kept in memory only.

import { listPatients, takePendingCode } from '../data/care-team.js';
import {
  PATIENT_SORTS,
  explainError,
  isOffline,
  permissionLabel,
  sortPatients,
  topWarningLevel,
  warningSummary,
} from '../ui/care-team-text.js';
import { clear, h, rerender, uid } from '../ui/dom.js';
import { formatWhen } from '../ui/format.js';
import '../styles/care-team.css';

export const OFFLINE_TEXT = 'You are offline. Patient data is shown only online and is never stored on this device.';

function fact(term, value, className) {
  return [h('dt', {}, term), h('dd', { class: className }, value)];
}

export function patientCard(patient) {
  const level = topWarningLevel(patient.warning_signs);
  return h(
    'li',
    { class: 'patient-card' },
    h('h2', {}, h('a', { href: `#/patients/${patient.id}` }, patient.display_name || 'Patient')),
    h(
      'dl',
      { class: 'facts' },
      fact('Warning signs', warningSummary(patient.warning_signs), level ? `level level-${level}` : null),
      fact('Last cramp', patient.last_cramp_at ? formatWhen(patient.last_cramp_at) : 'None logged'),
      fact('Cramps, 7 days', patient.cramps_last_7_days ?? 0),
      fact('Cramps, 28 days', patient.cramps_last_28_days ?? 0),
      fact('Last update', patient.last_change_at ? formatWhen(patient.last_change_at) : '–'),
      fact('Access', permissionLabel(patient.share?.permission, 'clinician')),
    ),
  );
}

export async function render({ root, navigate }) {
  // Arrived by an invite link before logging in: carry on redeeming it.
  const pendingCode = takePendingCode();
  if (pendingCode) {
    navigate(`/care-team/accept?code=${encodeURIComponent(pendingCode)}`, { replace: true });
    return undefined;
  }

  const sortId = uid('field');
  const sort = h(
    'select',
    { id: sortId, name: 'sort' },
    PATIENT_SORTS.map((option) => h('option', { value: option.code }, option.label)),
  );
  const sortField = h('div', { class: 'field sort-field', hidden: true }, h('label', { for: sortId }, 'Sort by'), sort);
  const status = h('p', { role: 'status' }, 'Loading…');
  const list = h('ul', { class: 'plain-list patient-list' });
  const retry = h('button', { type: 'button', hidden: true }, 'Try again');
  let patients = [];

  function drawList() {
    rerender(root, () => clear(list, sortPatients(patients, sort.value).map(patientCard)));
  }

  async function load() {
    retry.hidden = true;
    if (isOffline()) {
      status.textContent = OFFLINE_TEXT;
      retry.hidden = false;
      return;
    }
    try {
      patients = await listPatients();
      status.textContent = patients.length
        ? `${patients.length} ${patients.length === 1 ? 'patient shares' : 'patients share'} with you.`
        : 'No patients yet. Ask a patient for the code in their Care team screen, then add them here.';
      sortField.hidden = patients.length < 2;
      drawList();
    } catch (error) {
      status.textContent = explainError(error);
      retry.hidden = false;
    }
  }

  sort.addEventListener('change', drawList);
  retry.addEventListener('click', load);
  root.append(
    h('h1', {}, 'Patients'),
    h('p', {}, h('a', { class: 'button-link', href: '#/care-team/accept' }, 'Add a patient with a code')),
    status,
    retry,
    sortField,
    list,
  );
  const onOnline = () => load();
  globalThis.addEventListener('online', onOnline);
  await load();
  return () => globalThis.removeEventListener('online', onOnline);
}
