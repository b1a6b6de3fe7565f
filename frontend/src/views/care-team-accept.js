// care-team-accept.js: a clinician redeems a patient's code, typed in or arriving by link
// (#/care-team/accept?code=…; main.js turns the server's /care-team/accept?code=… path into it).
// Anyone may open the link: signed out, the code is kept for this tab while they log in.

import { normaliseCode, redeemCode, rememberPendingCode } from '../data/care-team.js';
import { explainError, formatCode, permissionLabel } from '../ui/care-team-text.js';
import { h, uid } from '../ui/dom.js';
import { flash } from '../ui/notices.js';
import '../styles/care-team.css';

function signedOut(root, code) {
  if (code) rememberPendingCode(code);
  root.append(
    h('h1', {}, 'Add a patient'),
    h('p', {}, 'A patient shared a care-team code with you. Log in with your clinician account to add them; the code is kept until you do.'),
    h('div', { class: 'actions' }, h('a', { class: 'button-link', href: '#/login' }, 'Log in'), h('a', { class: 'button-link', href: '#/signup' }, 'Create a clinician account')),
  );
}

function notAClinician(root) {
  root.append(
    h('h1', {}, 'Add a patient'),
    h('p', {}, 'Codes are for clinicians. To share your own diary, make a code in Care team.'),
    h('p', {}, h('a', { class: 'button-link', href: '#/care-team' }, 'Go to Care team')),
  );
}

export async function render({ root, query, user, navigate }) {
  if (!user) return signedOut(root, query.code);
  if (user.role !== 'clinician') return notAClinician(root);

  const inputId = uid('field');
  const hintId = `${inputId}-hint`;
  const input = h('input', {
    id: inputId,
    name: 'code',
    value: query.code ? formatCode(query.code) : '',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: 64,
    required: true,
    class: 'code-input',
    'aria-describedby': hintId,
  });
  const errorBox = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add patient');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: inputId }, 'Code from your patient'),
      h('p', { class: 'hint', id: hintId }, 'Like KX7M-Q2PD-9R. Capitals, spaces and dashes do not matter.'),
      input,
    ),
    errorBox,
    h('div', { class: 'actions' }, submit, h('a', { class: 'button-link', href: '#/patients' }, 'Cancel')),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    if (!normaliseCode(input.value)) {
      errorBox.textContent = 'Please type the code your patient gave you.';
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const share = await redeemCode(input.value);
      flash(`${share.patient?.display_name ?? 'The patient'} added. ${permissionLabel(share.permission, 'clinician')}.`);
      navigate(`/patients/${share.patient_id}`);
    } catch (error) {
      errorBox.textContent = explainError(error);
      submit.disabled = false;
      input.focus();
    }
  });

  root.append(
    h('p', { class: 'back' }, h('a', { href: '#/patients' }, '‹ Patients')),
    h('h1', {}, 'Add a patient'),
    h('p', { class: 'lead' }, 'Your patient makes a code in their CrampCare app, under Care team, and reads it out or sends you the link.'),
    form,
  );
  return undefined;
}
