// care-team-invite.js: the patient's "Invite a clinician" part of Care team: choose what they may
// do and how long the code works, then see the code big enough to read out, with a button to
// share the link (share sheet where the phone has one, else the clipboard, else shown to copy).
//
//   inviteSection(onCreated) -> <section>
//   shareInvite(invite, {navigator, origin}?) -> 'shared' | 'cancelled' | 'copied' | 'manual'

import { DEFAULT_INVITE_HOURS, createInvite } from '../data/care-team.js';
import {
  INVITE_LIFETIMES,
  absoluteLink,
  explainError,
  permissionLabel,
  spellCode,
} from '../ui/care-team-text.js';
import { choiceGroup, selectedValue } from '../ui/choices.js';
import { clear, h, uid } from '../ui/dom.js';
import { formatWhen } from '../ui/format.js';
import { flash } from '../ui/notices.js';

export async function shareInvite(invite, { navigator: nav = globalThis.navigator, origin } = {}) {
  const url = absoluteLink(invite.link, origin);
  const text = `My CrampCare code is ${invite.code}. It works once, until ${formatWhen(invite.expires_at)}.`;
  if (typeof nav?.share === 'function') {
    try {
      await nav.share({ title: 'CrampCare care-team code', text, url });
      return 'shared';
    } catch (error) {
      if (error?.name === 'AbortError') return 'cancelled';
    }
  }
  try {
    await nav.clipboard.writeText(url);
    return 'copied';
  } catch {
    return 'manual';
  }
}

function inviteResult(invite) {
  const headingId = uid('code-title');
  const manual = h('div', { class: 'field', hidden: true });
  const shareButton = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      on: {
        async click() {
          const outcome = await shareInvite(invite);
          if (outcome === 'copied') flash('Link copied. Paste it in a message to your clinician.');
          if (outcome === 'manual') {
            const id = uid('field');
            clear(manual, h('label', { for: id }, 'Copy this link'), h('input', { id, readonly: true, value: absoluteLink(invite.link) }));
            manual.hidden = false;
            manual.querySelector('input').select();
            manual.querySelector('input').focus();
          }
        },
      },
    },
    typeof globalThis.navigator?.share === 'function' ? 'Share' : 'Copy link',
  );
  return h(
    'div',
    { class: 'invite-result', role: 'region', 'aria-labelledby': headingId },
    h('h3', { id: headingId, tabindex: '-1' }, 'Your code'),
    h('p', { class: 'invite-code', 'aria-hidden': 'true' }, invite.code),
    h('p', { class: 'visually-hidden' }, `Code: ${spellCode(invite.code)}`),
    h('p', {}, `${permissionLabel(invite.permission)}. It works once, until ${formatWhen(invite.expires_at)}. Read it out, or share the link.`),
    h('div', { class: 'actions' }, shareButton),
    manual,
  );
}

export function inviteSection(onCreated) {
  const permission = choiceGroup({
    legend: 'What may they do?',
    name: 'permission',
    value: 'view',
    options: [
      { code: 'view', label: permissionLabel('view') },
      { code: 'edit_plan', label: permissionLabel('edit_plan') },
    ],
    hint: 'Both can see your diary, trends and care plan.',
  });
  const lifetimeId = uid('field');
  const lifetime = h(
    'select',
    { id: lifetimeId, name: 'expires_in_hours' },
    INVITE_LIFETIMES.map((choice) => h('option', { value: choice.hours, selected: choice.hours === DEFAULT_INVITE_HOURS }, choice.label)),
  );
  const errorBox = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create a code');
  const result = h('div', {});
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    permission,
    h('div', { class: 'field' }, h('label', { for: lifetimeId }, 'The code works for'), lifetime),
    errorBox,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    submit.disabled = true;
    try {
      const invite = await createInvite({ permission: selectedValue(permission) ?? 'view', expiresInHours: Number(lifetime.value) });
      clear(result, inviteResult(invite));
      result.querySelector('h3').focus();
      onCreated();
    } catch (error) {
      errorBox.textContent = explainError(error);
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': 'invite-title' }, h('h2', { id: 'invite-title' }, 'Invite a clinician'), form, result);
}
