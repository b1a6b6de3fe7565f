// care-plan-item.js: write a new care-plan step, or change one: what to do and when, and for a
// step already in the plan its status and first and last day. On a step a clinician wrote, the
// title, instructions and schedule are theirs (the server refuses the patient's change), so they
// are shown as text; the patient can still pause or stop it, set its time and change its dates.
//
//   clinicianNotice(item) -> 'Dr Lee wrote this step. You can pause or stop it, and add your own step.'
//   formProblem(values) -> {field, message} | null     (pure: what stops the form from saving)

import { addItem, getItem, isClinicianItem, updateItem } from '../data/careplan.js';
import { changedFields } from '../data/fields.js';
import { getReference, labelFor, options } from '../data/reference.js';
import { choiceGroup, selectedValue } from '../ui/choices.js';
import { h } from '../ui/dom.js';
import { labelledField, selectField } from '../ui/fields.js';
import { flash } from '../ui/notices.js';

const STATUS_CHOICES = [
  { code: 'active', label: 'Doing it' },
  { code: 'paused', label: 'Paused' },
  { code: 'stopped', label: 'Stopped' },
];

export function clinicianNotice(item) {
  const name = item.author?.display_name || 'Your clinician';
  return `${name} wrote this step. You can pause or stop it, and add your own step.`;
}

export function formProblem(values) {
  if ('title' in values && !values.title) return { field: 'title', message: 'Please say what to do.' };
  if (values.start_date && values.end_date && values.end_date < values.start_date) {
    return { field: 'end_date', message: 'The last day cannot be before the first day.' };
  }
  return null;
}

// The clinician's words, as text: nothing here is the patient's to change.
function clinicianFacts(item, reference) {
  const fact = (term, value) => (value ? [h('dt', {}, term), h('dd', {}, value)] : null);
  return h(
    'dl',
    { class: 'details' },
    fact('What to do', item.title),
    fact('Kind of step', labelFor(reference, 'care_plan_categories', item.category)),
    fact('When', labelFor(reference, 'schedules', item.schedule)),
    fact('How', item.instructions),
    fact('Note from your clinician', item.note_for_patient),
  );
}

// What the patient writes on their own steps. Each control's name is the field it fills.
function wordingControls(item, reference) {
  return {
    title: h('input', { name: 'title', required: true, maxlength: 120, value: item?.title ?? '' }),
    category: selectField('category', options(reference, 'care_plan_categories'), item?.category ?? 'stretching'),
    schedule: selectField('schedule', options(reference, 'schedules'), item?.schedule ?? 'bedtime'),
    instructions: h('textarea', { name: 'instructions', rows: 4, maxlength: 2000 }, item?.instructions ?? ''),
  };
}

// Only a step already in the plan has a status and dates to change; a new one starts today.
function scheduleControls(item) {
  const controls = { time_of_day: h('input', { name: 'time_of_day', type: 'time', value: item?.time_of_day ?? '' }) };
  if (!item) return controls;
  return {
    ...controls,
    status: choiceGroup({ legend: 'Status', name: 'status', options: STATUS_CHOICES, value: item.status ?? 'active' }),
    start_date: h('input', { name: 'start_date', type: 'date', value: item.start_date ?? '' }),
    end_date: h('input', { name: 'end_date', type: 'date', value: item.end_date ?? '' }),
  };
}

function readValues(controls) {
  const values = {};
  if (controls.title) {
    values.title = controls.title.value.trim();
    values.category = controls.category.value;
    values.schedule = controls.schedule.value;
    values.instructions = controls.instructions.value.trim();
  }
  values.time_of_day = controls.time_of_day.value || null;
  if (controls.status) {
    values.status = selectedValue(controls.status) ?? 'active';
    // The server needs a first day; an emptied field keeps the one it has.
    if (controls.start_date.value) values.start_date = controls.start_date.value;
    values.end_date = controls.end_date.value || null;
  }
  return values;
}

function formLayout(item, reference, controls) {
  if (isClinicianItem(item)) {
    return [h('p', { class: 'notice-inline' }, clinicianNotice(item)), clinicianFacts(item, reference), ...whenLayout(controls)];
  }
  return [
    labelledField('What to do', controls.title),
    labelledField('Kind of step', controls.category),
    labelledField('When', controls.schedule),
    ...whenLayout(controls),
    labelledField('How (optional)', controls.instructions),
  ];
}

function whenLayout(controls) {
  return [
    labelledField('Time (optional)', controls.time_of_day),
    controls.status ?? null,
    controls.start_date ? labelledField('First day', controls.start_date) : null,
    controls.end_date ? labelledField('Last day (optional)', controls.end_date) : null,
  ];
}

export async function render({ root, params, navigate }) {
  const reference = await getReference();
  const item = params.id ? await getItem(params.id) : null;
  if (params.id && !item) {
    root.append(h('h1', {}, 'Step not found'), h('p', {}, h('a', { href: '#/plan' }, 'Back to the care plan')));
    return undefined;
  }
  const controls = {
    ...(isClinicianItem(item) ? {} : wordingControls(item, reference)),
    ...scheduleControls(item),
  };
  const errorBox = h('p', { class: 'form-error', role: 'alert' });

  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    formLayout(item, reference, controls),
    errorBox,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, item ? 'Save' : 'Add to plan'), h('a', { class: 'button-link', href: '#/plan' }, 'Cancel')),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = readValues(controls);
    const problem = formProblem(values);
    if (problem) {
      errorBox.textContent = problem.message;
      controls[problem.field].focus();
      return;
    }
    if (item) {
      const changes = changedFields(item, values);
      if (Object.keys(changes).length) await updateItem(item.id, changes);
      flash('Saved.');
    } else {
      await addItem(values);
      flash(`Added: ${values.title}.`);
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
