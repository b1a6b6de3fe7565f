// account-online.js: the Account screen's parts that need the server: change the password,
// download your data (JSON here; CSV, FHIR and the visit report as files), and erase the
// account. Offline they say so plainly rather than failing.
//
//   passwordSection({user}) -> Element
//   dataSection({user}) -> Element
//   eraseSection() -> Element
//   DOWNLOADS   [{path, label, patientOnly}] the files linked from "Your data"

import { ApiError, NetworkError, changePassword, downloadExport, eraseAccount, prepareDownload } from '../data/account.js';
import { h, uid } from '../ui/dom.js';
import { flash } from '../ui/notices.js';

const OFFLINE = 'You are offline. This needs a connection: please try again when you are online.';

export const DOWNLOADS = [
  { path: '/api/v1/me/export/episodes.csv', label: 'Cramp diary (CSV, for a spreadsheet)', patientOnly: true },
  { path: '/api/v1/me/export/checks.csv', label: 'Care-plan ticks (CSV)', patientOnly: true },
  { path: '/api/v1/me/export/fhir', label: 'Health record format (FHIR, for other health apps)', patientOnly: true },
  { path: '/api/v1/me/report.pdf', label: 'Visit report (PDF, one page for your appointment)', patientOnly: true },
];

function firstFieldError(error, name) {
  const errors = error?.body?.errors?.json ?? error?.body?.errors ?? {};
  return errors[name] ? [].concat(errors[name]).join(' ') : null;
}

function passwordInput(id, autocomplete, describedBy) {
  return h('input', { id, type: 'password', autocomplete, required: true, 'aria-describedby': describedBy });
}

export function passwordSection() {
  const currentId = uid('field');
  const nextId = uid('field');
  const currentError = h('p', { class: 'field-error', id: `${currentId}-error`, role: 'alert' });
  const nextError = h('p', { class: 'field-error', id: `${nextId}-error`, role: 'alert' });
  const current = passwordInput(currentId, 'current-password', `${currentId}-error`);
  const next = passwordInput(nextId, 'new-password', `${nextId}-hint ${nextId}-error`);
  const submit = h('button', { type: 'submit' }, 'Change password');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: currentId }, 'Current password'), current, currentError),
    h(
      'div',
      { class: 'field' },
      h('label', { for: nextId }, 'New password'),
      h('p', { class: 'hint', id: `${nextId}-hint` }, 'At least 10 characters. A few unrelated words work well. Other devices signed in to this account are signed out.'),
      next,
      nextError,
    ),
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    currentError.textContent = '';
    nextError.textContent = '';
    if (!current.value) {
      currentError.textContent = 'Please type your current password.';
      current.focus();
      return;
    }
    submit.disabled = true;
    try {
      await changePassword(current.value, next.value);
      form.reset();
      flash('Password changed. Other devices are signed out.');
    } catch (error) {
      if (error instanceof NetworkError) currentError.textContent = OFFLINE;
      else if (error instanceof ApiError && error.status === 403) {
        currentError.textContent = 'That is not your current password.';
        current.focus();
      } else if (error instanceof ApiError && firstFieldError(error, 'new_password')) {
        nextError.textContent = firstFieldError(error, 'new_password');
        next.focus();
      } else currentError.textContent = 'Changing the password did not work. Please try again.';
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': 'password-title' }, h('h2', { id: 'password-title' }, 'Password'), form);
}

function saveJson(data) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: `crampcare-export-${new Date().toISOString().slice(0, 10)}.json`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function dataSection({ user }) {
  const message = h('p', { class: 'field-error', role: 'alert' });
  const jsonButton = h('button', { type: 'button' }, 'Download everything (JSON)');
  jsonButton.addEventListener('click', async () => {
    message.textContent = '';
    jsonButton.disabled = true;
    try {
      saveJson(await downloadExport());
    } catch (error) {
      message.textContent = error instanceof NetworkError ? OFFLINE : 'The download did not work. Please try again.';
    } finally {
      jsonButton.disabled = false;
    }
  });
  // Plain links, so the browser downloads or opens the file itself; a session that expired is
  // renewed first, or the file would be a "please sign in" answer.
  const links = DOWNLOADS.filter((download) => !download.patientOnly || user.role === 'patient').map((download) =>
    h('li', {}, h('a', {
      href: download.path,
      download: '',
      on: {
        click: async (event) => {
          if (event.currentTarget.dataset.ready) return;
          event.preventDefault();
          const link = event.currentTarget;
          message.textContent = '';
          try {
            await prepareDownload();
            link.dataset.ready = '1';
            link.click();
            delete link.dataset.ready;
          } catch (error) {
            message.textContent = error instanceof NetworkError ? OFFLINE : 'The download did not work. Please try again.';
          }
        },
      },
    }, download.label)),
  );
  return h(
    'section',
    { 'aria-labelledby': 'data-title' },
    h('h2', { id: 'data-title' }, 'Your data'),
    h('p', {}, 'A copy of everything CrampCare keeps about you. Needs a connection.'),
    jsonButton,
    links.length ? h('ul', { class: 'download-list' }, links) : null,
    message,
  );
}

export function eraseSection() {
  const passwordId = uid('field');
  const error = h('p', { class: 'field-error', id: `${passwordId}-error`, role: 'alert' });
  const password = passwordInput(passwordId, 'current-password', `${passwordId}-error`);
  const submit = h('button', { type: 'submit', class: 'danger' }, 'Erase my account');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('p', {}, 'This deletes your account and everything in it, on the server and on this device: your cramp diary, your care plan and its ticks, your profile and medicines, and what you share with your care team (they lose access at once). It cannot be undone.'),
    h('p', {}, 'Download your data first if you want to keep a copy.'),
    h('div', { class: 'field' }, h('label', { for: passwordId }, 'Your password, to confirm'), password, error),
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!password.value) {
      error.textContent = 'Please type your password to confirm.';
      password.focus();
      return;
    }
    submit.disabled = true;
    try {
      await eraseAccount(password.value);
      flash('Your account and everything in it were erased.');
    } catch (caught) {
      submit.disabled = false;
      if (caught instanceof NetworkError) error.textContent = OFFLINE;
      else if (caught instanceof ApiError && caught.status === 403) {
        error.textContent = 'That password is not right. Nothing was erased.';
        password.focus();
      } else error.textContent = 'Erasing did not work. Nothing was erased. Please try again.';
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'erase-title', class: 'delete-zone' },
    h('h2', { id: 'erase-title' }, 'Erase account'),
    h('details', {}, h('summary', {}, 'Erase my account and all my data'), form),
  );
}
