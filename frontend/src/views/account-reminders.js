// account-reminders.js: the Account screen's Reminders section for a patient: the usual bedtime
// (bedtime steps remind at it unless given their own time) and the morning check, a reminder
// after a night with cramps to add the details. Saved on this phone and synced like the profile.
//
//   reminderSettings({profile, items}) -> <section>   redraws only itself after a save; whether a
//       reminder is on is data/reminders.js anyReminderOn over the care plan and the saved profile

import { anyReminderOn, clockTime, saveReminderSettings } from '../data/reminders.js';
import { h, uid } from '../ui/dom.js';
import { flash } from '../ui/notices.js';
import { onReminderTimeSubmit } from './reminder-time-submit.js';
import { notificationNotice, reminderSetMessage } from './reminders.js';

const DEFAULT_MORNING = '08:00';

function bedtimeForm(profile, redraw) {
  const id = uid('field');
  const input = h('input', { id, name: 'bedtime', type: 'time', value: clockTime(profile.bedtime) ?? '', 'aria-describedby': `${id}-hint` });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, 'Your usual bedtime'),
      h('p', { class: 'hint', id: `${id}-hint` }, 'Bedtime steps remind you at this time, unless you give one its own time.'),
      input,
    ),
    h('button', { type: 'submit' }, 'Save bedtime'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { profile: saved, moved } = await saveReminderSettings({ bedtime: input.value || null });
    const time = clockTime(saved.bedtime);
    flash(time ? `Bedtime saved: ${time}.${moved ? ` ${moved === 1 ? 'Your bedtime reminder moved' : `${moved} bedtime reminders moved`} too.` : ''}` : 'Bedtime cleared.');
    redraw(saved);
  });
  return form;
}

function morningForm(profile, redraw) {
  const current = clockTime(profile.morning_reminder_at);
  const id = uid('field');
  const input = h('input', { id, name: 'morning_reminder_at', type: 'time', value: current ?? DEFAULT_MORNING });
  const form = h(
    'form',
    { class: 'stack morning-form', novalidate: true },
    h('h3', {}, 'Morning check'),
    h('p', { class: 'hint' }, 'After a night with cramps, a reminder to add the details while you still remember them.'),
    h('p', { class: 'reminder-state' }, current ? h('strong', {}, `On, at ${current}`) : 'Off'),
    h('div', { class: 'field' }, h('label', { for: id }, 'Time'), input),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: current ? null : 'primary' }, current ? 'Save time' : 'Turn on the morning check'),
      current
        ? h('button', {
            type: 'button',
            on: {
              click: async () => {
                const { profile: saved } = await saveReminderSettings({ morning_reminder_at: null });
                flash('Morning check off.');
                redraw(saved);
              },
            },
          }, 'Turn off')
        : null,
    ),
  );
  return onReminderTimeSubmit(form, input, async (time, outcome) => {
    const { profile: saved } = await saveReminderSettings({ morning_reminder_at: time });
    flash(reminderSetMessage(outcome, time), { timeoutMs: 9000 });
    redraw(saved);
  });
}

export function reminderSettings({ profile, items = [] }) {
  const section = h('section', { 'aria-labelledby': 'reminders-title', class: 'reminder-settings' });
  function draw(current) {
    section.replaceChildren(
      h('h2', { id: 'reminders-title' }, 'Reminders'),
      notificationNotice({ reminderOn: anyReminderOn(items, current) }),
      h('p', { class: 'hint' }, 'Set a reminder on any bedtime or daily step in ', h('a', { href: '#/plan' }, 'your care plan'), '.'),
      bedtimeForm(current, draw),
      morningForm(current, draw),
    );
  }
  draw(profile);
  return section;
}
