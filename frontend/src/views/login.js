// login.js: log in, or sign up (patient or clinician). One screen, two modes, by path. Errors
// are plain sentences next to the field they are about; a new patient lands on the welcome.
//
//   render(context)
//   errorMessage(error) -> sentence          (the whole form's error)
//   fieldErrors(error) -> {field: sentence}  (the server's field errors, for the fields shown)

import { ApiError, NetworkError, OtherAccountDataError, login, register } from '../data/account.js';
import { defaultTimeZone } from '../data/time.js';
import { choiceGroup, selectedValue } from '../ui/choices.js';
import { h, uid } from '../ui/dom.js';

function field(label, attributes, hint) {
  const id = uid('field');
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  return h(
    'div',
    { class: 'field', dataset: { field: attributes.name } },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('input', { id, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), ...attributes }),
    h('p', { class: 'field-error', id: errorId, role: 'alert' }),
  );
}

// Sentences written for people, whatever the server's own wording.
const FIELD_SENTENCES = {
  email: 'Please give a valid email address, like name@example.org.',
  display_name: 'Please give your name (up to 100 characters).',
  timezone: 'Please choose your time zone from the list.',
};

export function fieldErrors(error) {
  if (!(error instanceof ApiError)) return {};
  if (error.status === 409) return { email: 'An account with this email already exists. Log in instead.' };
  const fields = error.body?.errors?.json ?? error.body?.errors ?? {};
  const sentences = {};
  for (const [name, messages] of Object.entries(fields)) {
    // Password rules come from the server as sentences for people; the others are replaced.
    sentences[name] = name === 'password' ? [].concat(messages).join(' ') : FIELD_SENTENCES[name] ?? 'Please check this.';
  }
  return sentences;
}

function timeZoneField() {
  const id = uid('field');
  const current = defaultTimeZone();
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  if (!zones.includes(current)) zones = [current, ...zones];
  const select = h(
    'select',
    { id, name: 'timezone' },
    zones.map((zone) => h('option', { value: zone, selected: zone === current }, zone.replaceAll('_', ' '))),
  );
  return h('div', { class: 'field' }, h('label', { for: id }, 'Time zone'), select);
}

export function errorMessage(error) {
  if (error instanceof NetworkError) return 'No connection. Please try again when you are online.';
  if (error instanceof OtherAccountDataError) return error.message;
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Email or password is wrong.';
    if (error.status === 409) return 'An account with this email already exists. Log in instead.';
    if (error.status === 429) return 'Too many tries. Please wait a minute and try again.';
    if (Object.keys(fieldErrors(error)).length) return 'Please check the fields marked above.';
    return 'The server could not do that. Please try again.';
  }
  return 'Something went wrong. Please try again.';
}

export async function render({ root, route }) {
  const signingUp = route.path === '/signup';
  const errorBox = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, signingUp ? 'Create account' : 'Log in');
  const roleGroup = signingUp
    ? choiceGroup({
        legend: 'I am',
        name: 'role',
        value: 'patient',
        options: [
          { code: 'patient', label: 'Someone with cramps' },
          { code: 'clinician', label: 'A clinician' },
        ],
      })
    : null;

  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    signingUp ? field('Your name', { name: 'display_name', autocomplete: 'name', required: true, maxlength: 100 }) : null,
    field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
    field(
      'Password',
      {
        name: 'password',
        type: 'password',
        autocomplete: signingUp ? 'new-password' : 'current-password',
        required: true,
        minlength: signingUp ? 10 : null,
      },
      signingUp ? 'At least 10 characters. A few unrelated words work well; common passwords are refused.' : null,
    ),
    roleGroup,
    signingUp ? timeZoneField() : null,
    errorBox,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    errorBox.textContent = '';
    for (const box of form.querySelectorAll('.field-error')) box.textContent = '';
    if (!email || !password) {
      errorBox.textContent = 'Please fill in your email and password.';
      return;
    }
    submit.disabled = true;
    const role = signingUp ? selectedValue(roleGroup) ?? 'patient' : null;
    try {
      if (signingUp) {
        await register({
          email,
          password,
          display_name: String(data.get('display_name') ?? '').trim() || email.split('@')[0],
          role,
          timezone: String(data.get('timezone') ?? defaultTimeZone()),
        });
      } else {
        await login(email, password);
      }
      // The auth change re-renders the app: home, or for a new patient the welcome (router.js).
    } catch (error) {
      const byField = fieldErrors(error);
      let marked = false;
      for (const [name, sentence] of Object.entries(byField)) {
        const box = form.querySelector(`[data-field="${name}"] .field-error`);
        if (!box) continue;
        box.textContent = sentence;
        if (!marked) form.querySelector(`[data-field="${name}"] input`)?.focus();
        marked = true;
      }
      errorBox.textContent = marked ? '' : errorMessage(error);
      submit.disabled = false;
    }
  });

  root.append(
    h('h1', {}, signingUp ? 'Create your account' : 'Log in'),
    h('p', { class: 'lead' }, 'Keep a diary of leg cramps, even at night and offline, and follow your care plan.'),
    form,
    h(
      'p',
      { class: 'switch-mode' },
      signingUp ? 'Already have an account? ' : 'New here? ',
      h('a', { href: signingUp ? '#/login' : '#/signup' }, signingUp ? 'Log in' : 'Create an account'),
    ),
  );
}
