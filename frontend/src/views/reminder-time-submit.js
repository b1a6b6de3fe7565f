// reminder-time-submit.js: what Save does in a reminder time form, the same for a care-plan
// step's time (reminders.js) and Account's morning check (account-reminders.js).
//
//   onReminderTimeSubmit(form, input, save) -> form
//       on submit: an empty or impossible time puts the focus back on `input` and does nothing
//       else; a good one asks the notification permission first, while the tap is fresh (Safari
//       asks only then), then awaits save(time, outcome): time 'HH:MM', outcome what
//       turnOnNotifications answered. The time is saved whatever the answer.

import { clockTime, turnOnNotifications } from '../data/reminders.js';

export function onReminderTimeSubmit(form, input, save) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const time = clockTime(input.value);
    if (!time) {
      input.focus();
      return;
    }
    const outcome = await turnOnNotifications();
    await save(time, outcome);
  });
  return form;
}
