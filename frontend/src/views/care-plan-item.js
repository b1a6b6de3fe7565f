// care-plan-item.js: write a new care-plan step, or change one. A step a clinician wrote keeps
// their words; the patient can still pause or stop it from the plan.

import { addItem, getItem, isClinicianItem, updateItem } from '../data/careplan.js';
import { changedFields } from '../data/fields.js';
import { getReference, options } from '../data/reference.js';
import { h, uid } from '../ui/dom.js';
import { flash } from '../ui/notices.js';

function labelled(label, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, control);
}

function select(name, choices, value, disabled) {
  return h('select', { name, disabled }, choices.map((choice) => h('option', { value: choice.code, selected: choice.code === value }, choice.label)));
}

export async function render({ root, params, navigate }) {
  const reference = await getReference();
  const item = params.id ? await getItem(params.id) : null;
  if (params.id && !item) {
    root.append(h('h1', {}, 'Step not found'), h('p', {}, h('a', { href: '#/plan' }, 'Back to the care plan')));
    return undefined;
  }
  const locked = isClinicianItem(item);
  const title = h('input', { name: 'title', required: true, maxlength: 120, value: item?.title ?? '', readonly: locked });
  const category = select('category', options(reference, 'care_plan_categories'), item?.category ?? 'stretching', locked);
  const schedule = select('schedule', options(reference, 'schedules'), item?.schedule ?? 'bedtime', locked);
  const time = h('input', { name: 'time_of_day', type: 'time', value: item?.time_of_day ?? '', readonly: locked });
  const instructions = h('textarea', { name: 'instructions', rows: 4, maxlength: 2000, readonly: locked }, item?.instructions ?? '');
  const errorBox = h('p', { class: 'form-error', role: 'alert' });

  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    locked ? h('p', { class: 'notice-inline' }, `${item.author?.display_name || 'Your clinician'} wrote this step. Ask them to change it; you can pause or stop it in the plan.`) : null,
    labelled('What to do', title),
    labelled('Kind of step', category),
    labelled('When', schedule),
    labelled('Time (optional)', time),
    labelled('How (optional)', instructions),
    errorBox,
    h('div', { class: 'actions' }, locked ? null : h('button', { type: 'submit', class: 'primary' }, item ? 'Save' : 'Add to plan'), h('a', { class: 'button-link', href: '#/plan' }, locked ? 'Back' : 'Cancel')),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (locked) return;
    const fields = {
      title: title.value.trim(),
      category: category.value,
      schedule: schedule.value,
      time_of_day: time.value || null,
      instructions: instructions.value.trim(),
    };
    if (!fields.title) {
      errorBox.textContent = 'Please say what to do.';
      title.focus();
      return;
    }
    if (item) {
      const changes = changedFields(item, fields);
      if (Object.keys(changes).length) await updateItem(item.id, changes);
      flash('Saved.');
    } else {
      await addItem(fields);
      flash(`Added: ${fields.title}.`);
    }
    navigate('/plan');
  });

  root.append(
    h('p', { class: 'back' }, h('a', { href: '#/plan' }, '‹ Care plan')),
    h('h1', {}, item ? 'Change a step' : 'New step'),
    form,
  );
  return undefined;
}
