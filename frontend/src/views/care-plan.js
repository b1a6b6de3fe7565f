// care-plan.js: the care plan: active, paused and stopped steps; one-tap starters; pause, resume,
// stop; a reminder on each bedtime and daily step (views/reminders.js). Steps written by a
// clinician say so.

import { addStarter, isClinicianItem, listItems, setItemStatus } from '../data/careplan.js';
import { evidenceByItem, getInsights } from '../data/insights.js';
import { onDataChange } from '../data/live.js';
import { getProfile } from '../data/profile.js';
import { getReference, labelFor } from '../data/reference.js';
import { anyReminderOn, canRemind, clockTime } from '../data/reminders.js';
import { clear, h, rerender } from '../ui/dom.js';
import { flash } from '../ui/notices.js';
import { notificationNotice, reminderControl } from './reminders.js';

// The suggested steps not in the plan yet, each added with one tap (here and on the welcome).
export function starterList(starters) {
  return h(
    'ul',
    { class: 'starter-list' },
    starters.map((starter) =>
      h(
        'li',
        {},
        h('span', {}, starter.title),
        h('button', {
          type: 'button',
          dataset: { key: `starter-${starter.key ?? starter.title}` },
          'aria-label': `Add: ${starter.title}`,
          on: {
            click: async () => {
              await addStarter(starter);
              flash(`Added: ${starter.title}.`);
            },
          },
        }, 'Add'),
      ),
    ),
  );
}

export function startersNotInPlan(starters, items) {
  const titles = new Set(items.filter((item) => item.status !== 'stopped').map((item) => item.title?.trim().toLowerCase()));
  return starters.filter((starter) => !titles.has(starter.title.trim().toLowerCase()));
}

function reminderPart(item, profile) {
  if (!canRemind(item)) return null;
  const status = item.status ?? 'active';
  if (status === 'active') return reminderControl({ item, profile });
  const time = clockTime(item.reminder_at);
  return status === 'paused' && time ? h('p', { class: 'hint' }, `Reminder at ${time}, off while paused.`) : null;
}

function itemCard(item, reference, evidence, profile) {
  const status = item.status ?? 'active';
  const schedule = [labelFor(reference, 'schedules', item.schedule), item.time_of_day].filter(Boolean).join(', ');
  const actions = [];
  if (status !== 'stopped') {
    actions.push(h('a', { class: 'button-link', href: `#/plan/${item.id}`, 'aria-label': `Edit: ${item.title}` }, 'Edit'));
  }
  const statusButton = (label, next, message) =>
    h(
      'button',
      {
        type: 'button',
        dataset: { key: `${item.id}-${next}` },
        'aria-label': `${label}: ${item.title}`,
        on: {
          click: async () => {
            await setItemStatus(item.id, next);
            flash(message);
          },
        },
      },
      label,
    );
  if (status === 'active') actions.push(statusButton('Pause', 'paused', 'Paused.'), statusButton('Stop', 'stopped', 'Stopped.'));
  if (status === 'paused') actions.push(statusButton('Resume', 'active', 'Resumed.'), statusButton('Stop', 'stopped', 'Stopped.'));
  if (status === 'stopped') actions.push(statusButton('Start again', 'active', 'Started again.'));
  return h(
    'li',
    { class: `plan-item plan-item-${status}` },
    h('h3', {}, item.title),
    h(
      'p',
      { class: 'meta' },
      [labelFor(reference, 'care_plan_categories', item.category), schedule].filter(Boolean).join(' · '),
      isClinicianItem(item) ? h('span', { class: 'badge' }, `From ${item.author.display_name || 'your clinician'}`) : null,
    ),
    item.instructions ? h('p', {}, item.instructions) : null,
    item.note_for_patient ? h('p', { class: 'clinician-note' }, `Note from your clinician: ${item.note_for_patient}`) : null,
    reminderPart(item, profile),
    (evidence.get(item.id) ?? []).map((note) =>
      h('details', { class: 'evidence' }, h('summary', {}, 'What research says'), h('p', {}, note.text), note.citation ? h('p', { class: 'hint' }, note.citation) : null),
    ),
    h('div', { class: 'actions' }, actions),
  );
}

export async function render({ root }) {
  const body = h('div', {});
  root.append(h('h1', {}, 'Care plan'), body);

  async function draw() {
    const [reference, items, insights, profile] = await Promise.all([getReference(), listItems(), getInsights(), getProfile()]);
    const evidence = evidenceByItem(insights);
    const byStatus = (status) => items.filter((item) => (item.status ?? 'active') === status);
    const starters = startersNotInPlan(reference.care_plan_starters ?? [], items);
    const list = (entries) => h('ul', { class: 'plan-list' }, entries.map((item) => itemCard(item, reference, evidence, profile)));
    const active = byStatus('active');
    const paused = byStatus('paused');
    const stopped = byStatus('stopped');
    rerender(root, () =>
      clear(
        body,
        notificationNotice({ reminderOn: anyReminderOn(items, profile) }),
        h('section', { 'aria-labelledby': 'active-title' }, h('h2', { id: 'active-title' }, 'Doing now'), active.length ? list(active) : h('p', {}, 'No active steps yet. Add one below.')),
        paused.length ? h('section', { 'aria-labelledby': 'paused-title' }, h('h2', { id: 'paused-title' }, 'Paused'), list(paused)) : null,
        h(
          'section',
          { 'aria-labelledby': 'add-title' },
          h('h2', { id: 'add-title' }, 'Add a step'),
          starters.length
            ? starterList(starters)
            : null,
          h('p', {}, h('a', { class: 'button-link', href: '#/plan/new' }, 'Write your own step')),
        ),
        stopped.length ? h('details', { class: 'stopped' }, h('summary', {}, `Stopped (${stopped.length})`), list(stopped)) : null,
      ),
    );
  }

  await draw();
  return onDataChange(() => draw());
}
