// reminders.js: the reminder parts of the Care plan, Today and Account screens.
//
//   reminderControl({item, profile}) -> <div>   on a bedtime or daily step: "Remind me at 22:00"
//       (one tap), another time, turn off, and a clinician's suggested time to accept or not
//   notificationNotice({reminderOn}) -> <div>   why reminders can't reach this phone and what to
//       do (add to the Home Screen, allow notifications); empty when they can
//   dueBanner(due, {today}) -> <section> | null  the steps whose reminder is due now, with Done
//   reminderSetMessage(outcome, time) -> string  (pure)
//   allowMessage(outcome) -> string              after "Allow notifications" (pure)

import { setCheck } from '../data/careplan.js';
import { clockTime, defaultReminderTime, reminderSupport, setReminder, turnOnNotifications } from '../data/reminders.js';
import { h } from '../ui/dom.js';
import { formatDay } from '../ui/format.js';
import { installState } from '../ui/install.js';
import { flash } from '../ui/notices.js';
import { onReminderTimeSubmit } from './reminder-time-submit.js';

export function reminderSetMessage(outcome, time) {
  const set = time ? `Reminder set for ${time}.` : 'Reminder set.';
  switch (outcome) {
    case 'subscribed':
      return set;
    case 'offline':
      return `${set} It reaches this device once you are online.`;
    case 'denied':
      return `${set} Notifications are blocked, so it shows only in Today.`;
    case 'ask':
      return `${set} Allow notifications to get it while CrampCare is closed.`;
    case 'unsupported':
      return `${set} Today shows it when you open CrampCare.`;
    default:
      return `${set} Notifications did not turn on; Today still shows it.`;
  }
}

async function saveReminder(item, time, outcome) {
  await setReminder(item.id, time);
  flash(reminderSetMessage(outcome, time), { timeoutMs: 9000 });
}

// The permission is asked first, while the tap is fresh (Safari asks only then); the time is
// saved whatever the answer, so Today shows the reminder even without notifications.
async function turnOn(item, time) {
  await saveReminder(item, time, await turnOnNotifications());
}

function timeForm(item, value, { onCancel }) {
  const input = h('input', { type: 'time', name: `reminder-${item.id}`, value, required: true });
  const id = `reminder-time-${item.id}`;
  input.id = id;
  const form = h(
    'form',
    { class: 'reminder-form', novalidate: true },
    h('label', { for: id }, 'Reminder time'),
    h(
      'div',
      { class: 'reminder-form-row' },
      input,
      h('button', { type: 'submit', class: 'primary', dataset: { key: `reminder-save-${item.id}` } }, 'Save time'),
      onCancel ? h('button', { type: 'button', on: { click: onCancel } }, 'Cancel') : null,
    ),
  );
  return onReminderTimeSubmit(form, input, (time, outcome) => saveReminder(item, time, outcome));
}

function suggestion(item, current) {
  const suggested = clockTime(item.suggested_reminder_at);
  if (!suggested || suggested === current) return null;
  const who = item.author?.display_name || 'Your clinician';
  return h(
    'div',
    { class: 'reminder-suggestion' },
    h('p', {}, current ? `${who} suggests a reminder at ${suggested}. Yours is at ${current}.` : `${who} suggests a reminder at ${suggested}.`),
    h('button', {
      type: 'button',
      class: current ? null : 'primary',
      dataset: { key: `reminder-accept-${item.id}` },
      'aria-label': `Use ${suggested} for: ${item.title}`,
      on: { click: () => turnOn(item, suggested) },
    }, `Use ${suggested}`),
  );
}

export function reminderControl({ item, profile }) {
  const current = clockTime(item.reminder_at);
  const suggested = clockTime(item.suggested_reminder_at);
  const box = h('div', { class: `reminder${current ? ' reminder-on' : ''}` });
  let choosing = false;

  function choose(value) {
    choosing = value;
    draw();
    box.querySelector(value ? 'input' : 'button')?.focus();
  }

  function buttons() {
    if (current) {
      return [
        h('button', {
          type: 'button',
          dataset: { key: `reminder-change-${item.id}` },
          'aria-label': `Change time: reminder for ${item.title}`,
          on: { click: () => choose(true) },
        }, 'Change time'),
        h('button', {
          type: 'button',
          dataset: { key: `reminder-off-${item.id}` },
          'aria-label': `Turn off: reminder for ${item.title}`,
          on: {
            click: async () => {
              await setReminder(item.id, null);
              flash('Reminder off.');
            },
          },
        }, 'Turn off'),
      ];
    }
    const time = defaultReminderTime(item, profile);
    return [
      // With a suggestion, its "Use" button is the one-tap way on.
      suggested
        ? null
        : h('button', {
            type: 'button',
            class: 'primary',
            dataset: { key: `reminder-on-${item.id}` },
            'aria-label': `Remind me at ${time}: ${item.title}`,
            on: { click: () => turnOn(item, time) },
          }, `Remind me at ${time}`),
      h('button', {
        type: 'button',
        dataset: { key: `reminder-other-${item.id}` },
        'aria-label': `${suggested ? 'Choose another time' : 'Another time'}: reminder for ${item.title}`,
        on: { click: () => choose(true) },
      }, suggested ? 'Choose another time' : 'Another time'),
    ];
  }

  function draw() {
    box.replaceChildren(
      ...[
        current ? h('p', { class: 'reminder-state' }, h('strong', {}, `Reminder at ${current}`)) : null,
        suggestion(item, current),
        choosing
          ? timeForm(item, current ?? suggested ?? defaultReminderTime(item, profile), { onCancel: () => choose(false) })
          : h('div', { class: 'actions' }, buttons()),
      ].filter(Boolean),
    );
  }

  draw();
  return box;
}

function noticeText(support) {
  if (support === 'unsupported' && installState() === 'ios') {
    return {
      title: 'Reminders on iPhone and iPad',
      text: 'Reminders reach an iPhone or iPad only from CrampCare on the Home Screen. In Safari, tap Share, then “Add to Home Screen”. Open CrampCare from there and tap “Allow notifications”.',
    };
  }
  if (support === 'unsupported') {
    return { title: 'Reminders in this browser', text: 'This browser can’t show reminders while CrampCare is closed. Today shows what is due whenever you open it.' };
  }
  if (support === 'denied') {
    return {
      title: 'Notifications are blocked',
      text: 'Reminders can’t reach you while CrampCare is closed. To get them, allow notifications for CrampCare in your browser’s site settings (for the app on your Home Screen: your device’s settings for CrampCare). Today still shows what is due.',
    };
  }
  return { title: 'Allow notifications', text: 'Reminders reach you while CrampCare is closed once you allow notifications.' };
}

const ALLOW_MESSAGES = {
  subscribed: 'Notifications on. Reminders reach this device.',
  offline: 'Notifications allowed. Reminders reach this device once you are online.',
  ask: 'Notifications are not allowed yet. Tap “Allow notifications” when you are ready.',
  denied: 'Notifications are blocked. Allow them in your browser’s site settings to get reminders.',
  unsupported: 'This browser can’t show reminders while CrampCare is closed.',
  failed: 'Notifications did not turn on. Today still shows what is due.',
};

export function allowMessage(outcome) {
  return ALLOW_MESSAGES[outcome] ?? ALLOW_MESSAGES.failed;
}

export function notificationNotice({ reminderOn }) {
  const holder = h('div', { class: 'reminder-notice-holder' });
  function draw() {
    const support = reminderSupport();
    if (support === 'granted' || (support === 'ask' && !reminderOn)) {
      holder.replaceChildren();
      return;
    }
    const { title, text } = noticeText(support);
    holder.replaceChildren(
      h(
        'div',
        { class: 'notice-inline reminder-notice' },
        h('p', {}, h('strong', {}, title)),
        h('p', {}, text),
        support === 'ask'
          ? h('button', {
              type: 'button',
              class: 'primary',
              dataset: { key: 'allow-notifications' },
              on: {
                click: async () => {
                  flash(allowMessage(await turnOnNotifications()), { timeoutMs: 9000 });
                  draw();
                },
              },
            }, 'Allow notifications')
          : null,
      ),
    );
  }
  draw();
  return holder;
}

export function dueBanner(due, { today }) {
  if (due.length === 0) return null;
  return h(
    'section',
    { class: 'due-now', 'aria-labelledby': 'due-title' },
    h('h2', { id: 'due-title' }, due.length === 1 ? 'Due now' : `Due now (${due.length})`),
    h(
      'ul',
      { class: 'due-list' },
      due.map(({ item, date, at }) =>
        h(
          'li',
          { class: 'due-item' },
          h('p', { class: 'due-title' }, item.title),
          h('p', { class: 'hint' }, date === today ? `Reminder at ${at}` : `Reminder at ${at}, ${formatDay(date)}`),
          h('button', {
            type: 'button',
            class: 'primary due-done',
            dataset: { key: `due-done-${item.id}-${date}` },
            'aria-label': `Done: ${item.title}`,
            on: {
              click: async () => {
                await setCheck(item.id, date, true);
                flash(`Ticked: ${item.title}.`);
              },
            },
          }, 'Done'),
        ),
      ),
    ),
  );
}
