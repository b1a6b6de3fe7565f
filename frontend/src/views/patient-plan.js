// patient-plan.js: a shared patient's care plan on the clinician's patient screen: each item with
// its adherence, and, when the patient allowed it, adding and editing items. Edits carry the
// version they were based on; if the item changed meanwhile (409) the current item is shown and
// the clinician can apply their changes to it or keep it as it is.
//
//   carePlanSection({patientId, plan, canEdit, reference, user, onNotShared, visitId}) -> <section>
//       (visitId: the page visit the plan's re-reads after an edit belong to)
//   authorLabel(item, user) -> 'Written by you' | 'From Dr Lee' | 'Written by the patient'
//   itemFields(form) -> the fields as the API takes them      (pure over a form's controls)
//   reminderFacts(item) -> "Patient's reminder: 21:30", "Suggested reminder: 21:30. Not taken yet." | null
//
// On a step a clinician wrote (and on a new one) the clinician may suggest a reminder time; the
// patient decides whether to take it: their phone, their choice. The patient's own reminder time
// is shown, never edited, here.

import {
  ApiError,
  NotSharedError,
  VersionConflictError,
  addPlanItem,
  editPlanItem,
  loadPlan,
} from '../data/care-team.js';
import { changedFields } from '../data/fields.js';
import { labelFor, options } from '../data/reference.js';
import { clockTime } from '../data/reminders.js';
import { adherenceText, explainError } from '../ui/care-team-text.js';
import { clear, h } from '../ui/dom.js';
import { labelledField, selectField } from '../ui/fields.js';
import { flash } from '../ui/notices.js';

export function authorLabel(item, user) {
  if (item.author?.role !== 'clinician') return 'Written by the patient';
  if (user && item.author.id === user.id) return 'Written by you';
  return `From ${item.author.display_name || 'a clinician'}`;
}

function scheduleText(item, reference) {
  return [labelFor(reference, 'schedules', item.schedule), item.time_of_day].filter(Boolean).join(', ');
}

export function reminderFacts(item) {
  const set = clockTime(item.reminder_at);
  const suggested = clockTime(item.suggested_reminder_at);
  if (suggested && set === suggested) return `Patient's reminder: ${set} (as suggested)`;
  if (suggested && set) return `Suggested reminder: ${suggested}. The patient chose ${set}.`;
  if (suggested) return `Suggested reminder: ${suggested}. Not taken yet.`;
  if (set) return `Patient's reminder: ${set}`;
  return null;
}

function canSuggest(item) {
  return !item || item.author?.role === 'clinician';
}

function itemFacts(item, reference, user) {
  const status = item.status ?? 'active';
  return [
    h(
      'p',
      { class: 'meta' },
      [labelFor(reference, 'care_plan_categories', item.category), scheduleText(item, reference), status === 'active' ? null : labelFor(reference, 'item_statuses', status)]
        .filter(Boolean)
        .join(' · '),
      h('span', { class: 'badge' }, authorLabel(item, user)),
    ),
    item.instructions ? h('p', {}, item.instructions) : null,
    item.note_for_patient ? h('p', { class: 'clinician-note' }, `Note for the patient: ${item.note_for_patient}`) : null,
    reminderFacts(item) ? h('p', { class: 'reminder-facts' }, reminderFacts(item)) : null,
  ];
}

export function itemFields(form) {
  const value = (name) => form.elements.namedItem(name)?.value ?? '';
  const fields = {
    title: value('title').trim(),
    category: value('category'),
    schedule: value('schedule'),
    time_of_day: value('time_of_day') || null,
    instructions: value('instructions').trim(),
    note_for_patient: value('note_for_patient').trim() || null,
  };
  if (form.elements.namedItem('status')) fields.status = value('status');
  if (form.elements.namedItem('suggested_reminder_at')) fields.suggested_reminder_at = value('suggested_reminder_at') || null;
  return fields;
}

function itemForm({ item, reference, onSave, onCancel }) {
  const errorBox = h('p', { class: 'form-error', role: 'alert' });
  const conflictBox = h('div', { class: 'conflict', hidden: true });
  const form = h(
    'form',
    { class: 'stack item-form', novalidate: true },
    labelledField('What to do', h('input', { name: 'title', required: true, maxlength: 120, value: item?.title ?? '' })),
    labelledField('Kind of step', selectField('category', options(reference, 'care_plan_categories'), item?.category ?? 'stretching')),
    labelledField('When', selectField('schedule', options(reference, 'schedules'), item?.schedule ?? 'bedtime')),
    labelledField('Time (optional)', h('input', { name: 'time_of_day', type: 'time', value: item?.time_of_day ?? '' })),
    canSuggest(item)
      ? labelledField(
          'Suggest a reminder time (optional)',
          h('input', { name: 'suggested_reminder_at', type: 'time', value: clockTime(item?.suggested_reminder_at) ?? '' }),
          'For a bedtime or daily step. The patient sees it and decides whether to use it.',
        )
      : null,
    item ? labelledField('Status', selectField('status', options(reference, 'item_statuses'), item.status ?? 'active')) : null,
    labelledField('How (optional)', h('textarea', { name: 'instructions', rows: 3, maxlength: 2000 }, item?.instructions ?? '')),
    labelledField('Note for the patient (optional)', h('textarea', { name: 'note_for_patient', rows: 3, maxlength: 2000 }, item?.note_for_patient ?? ''), 'They read it with this step in their app.'),
    errorBox,
    conflictBox,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, item ? 'Save changes' : 'Add to the plan'), h('button', { type: 'button', on: { click: onCancel } }, 'Cancel')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    const fields = itemFields(form);
    if (!fields.title) {
      errorBox.textContent = 'Please say what to do.';
      form.elements.namedItem('title').focus();
      return;
    }
    await onSave(fields, { errorBox, conflictBox, form });
  });
  return form;
}

function conflictPanel(conflictBox, current, reference, user, { onApply, onKeep }) {
  clear(
    conflictBox,
    h('p', { role: 'alert' }, 'This step changed while you were editing it. This is how it is now:'),
    h('div', { class: 'plan-item' }, h('h4', {}, current.title), itemFacts(current, reference, user)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary', on: { click: onApply } }, 'Apply my changes to it'),
      h('button', { type: 'button', on: { click: onKeep } }, 'Keep it as it is'),
    ),
  );
  conflictBox.hidden = false;
  conflictBox.querySelector('button').focus();
}

export function carePlanSection({ patientId, plan, canEdit, reference, user, onNotShared, visitId }) {
  const section = h('section', { 'aria-labelledby': 'patient-plan-title' });
  const errorBox = h('p', { class: 'form-error', role: 'alert' });
  let items = plan.items ?? [];
  let today = plan.to ?? null; // the patient's today, which ends the adherence window
  let editing = null; // an item id, 'new', or null

  async function reload(focusKey) {
    try {
      const loaded = await loadPlan(patientId, { visitId });
      items = loaded.items ?? [];
      today = loaded.to ?? today;
    } catch (error) {
      if (error instanceof NotSharedError) return onNotShared();
      errorBox.textContent = explainError(error);
    }
    editing = null;
    draw();
    section.querySelector(focusKey ? `[data-key="${focusKey}"]` : '#patient-plan-title')?.focus();
    return undefined;
  }

  function close(focusKey) {
    editing = null;
    draw();
    section.querySelector(`[data-key="${focusKey}"]`)?.focus();
  }

  function failed(error, box) {
    if (error instanceof NotSharedError) return onNotShared();
    if (error instanceof ApiError && error.status === 403) {
      canEdit = false;
      flash('The patient now allows you to view their plan only.');
      return reload();
    }
    box.textContent = explainError(error);
    return undefined;
  }

  async function saveNew(fields, { errorBox: box }) {
    try {
      const created = await addPlanItem(patientId, fields);
      flash(`Added: ${created.title}. The patient gets it when their device next syncs.`);
      await reload(`edit-${created.id}`);
    } catch (error) {
      await failed(error, box);
    }
  }

  function saveEdit(item) {
    let base = item; // the version this edit goes on top of; the current one after a conflict
    return async (fields, { errorBox: box, conflictBox, form }) => {
      // What this clinician changed from the item they opened, sent as such on top of `base`,
      // so a change made meanwhile to other fields is kept.
      const changes = changedFields(item, fields);
      if (Object.keys(changes).length === 0) return close(`edit-${item.id}`);
      const submit = form.querySelector('button[type="submit"]');
      submit.disabled = true;
      conflictBox.hidden = true;
      try {
        await editPlanItem(patientId, item.id, changes, base.version);
        flash('Saved. The patient sees it when their device next syncs.');
        return await reload(`edit-${item.id}`);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) return failed(error, box);
        base = error.current;
        return conflictPanel(conflictBox, base, reference, user, {
          onApply: () => form.requestSubmit(),
          onKeep: () => reload(`edit-${item.id}`),
        });
      } finally {
        submit.disabled = false;
      }
    };
  }

  function card(item) {
    if (editing === item.id) {
      return h(
        'li',
        { class: 'plan-item' },
        h('h3', {}, `Change: ${item.title}`),
        itemForm({ item, reference, onSave: saveEdit(item), onCancel: () => close(`edit-${item.id}`) }),
      );
    }
    const adherence = adherenceText(item, { today });
    return h(
      'li',
      { class: `plan-item plan-item-${item.status ?? 'active'}` },
      h('h3', {}, item.title),
      itemFacts(item, reference, user),
      adherence ? h('p', { class: 'adherence' }, adherence) : null,
      canEdit
        ? h('div', { class: 'actions' }, h('button', {
            type: 'button',
            dataset: { key: `edit-${item.id}` },
            'aria-label': `Change: ${item.title}`,
            on: { click: () => open(item.id) },
          }, 'Change'))
        : null,
    );
  }

  function open(target) {
    editing = target;
    draw();
    section.querySelector('.item-form input')?.focus();
  }

  function draw() {
    clear(
      section,
      h('h2', { id: 'patient-plan-title', tabindex: '-1' }, 'Care plan'),
      h('p', { class: 'hint' }, canEdit ? 'You may change this plan. Your changes reach the patient’s device when it syncs.' : 'You can read this plan. The patient has not allowed you to change it.'),
      errorBox,
      items.length ? h('ul', { class: 'plan-list' }, items.map(card)) : h('p', {}, 'No steps in the plan yet.'),
      canEdit && editing === 'new'
        ? h('div', { class: 'plan-item' }, h('h3', {}, 'New step'), itemForm({ reference, onSave: saveNew, onCancel: () => close('add-item') }))
        : null,
      canEdit && editing !== 'new' ? h('p', {}, h('button', { type: 'button', dataset: { key: 'add-item' }, on: { click: () => open('new') } }, 'Add a step')) : null,
    );
  }

  draw();
  return section;
}
