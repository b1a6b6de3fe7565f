// episode.js: one cramp, completed or corrected the next morning: times, where, pain, whether it
// woke you, suspected triggers, what was tried and how well it worked, other symptoms, notes.
// The recorded start and end are kept to the second unless the patient changes them; the
// duration is always derived from what is stored. `?next=id,id` walks through last night's
// cramps one after another (data/last-night.js).

import { deleteEpisode, getEpisode, updateEpisode } from '../data/episodes.js';
import { changedFields } from '../data/fields.js';
import { getReference, labelFor, options } from '../data/reference.js';
import { detailsPath, nextInQueue } from '../data/last-night.js';
import { fromLocalInputValue, hasSeconds, toLocalInputValue } from '../data/time.js';
import { checkboxGroup, checkedValues, choiceGroup, selectedValue } from '../ui/choices.js';
import { h, uid } from '../ui/dom.js';
import { formatNight } from '../ui/format.js';
import { flash } from '../ui/notices.js';

const SEVERITIES = Array.from({ length: 11 }, (_, value) => ({ code: value, label: String(value) }));

// A timed cramp shows its seconds (step 1); the value the field started with is kept on the input,
// so a field left alone writes back the stored instant exactly, never one rounded to the minute.
function timeField(label, name, value) {
  const id = uid('field');
  const shown = toLocalInputValue(value);
  const input = h('input', { id, name, type: 'datetime-local', step: hasSeconds(value) ? 1 : 60, value: shown });
  input.dataset.initial = input.value; // as the browser normalised it
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

// The stored instant when the field was left as it was; otherwise what was typed.
export function timeFromField(input, stored) {
  if (input.value === input.dataset.initial) return stored ?? null;
  return fromLocalInputValue(input.value);
}

function reliefField(reference, reliefs) {
  const effects = [{ code: '', label: 'Not tried' }, ...options(reference, 'relief_effects')];
  const byMethod = new Map((reliefs ?? []).map((relief) => [relief.method, relief.effect]));
  return h(
    'fieldset',
    { class: 'reliefs' },
    h('legend', {}, 'What you tried, and how well it worked'),
    options(reference, 'relief_methods').map((method) => {
      const id = uid('relief');
      return h(
        'div',
        { class: 'field inline-field' },
        h('label', { for: id }, method.label),
        h(
          'select',
          { id, dataset: { method: method.code } },
          effects.map((effect) =>
            h('option', { value: effect.code, selected: (byMethod.get(method.code) ?? '') === effect.code }, effect.label),
          ),
        ),
      );
    }),
  );
}

function readReliefs(fieldset) {
  return [...fieldset.querySelectorAll('select')]
    .filter((select) => select.value)
    .map((select) => ({ method: select.dataset.method, effect: select.value }));
}

export async function render({ root, params, query = {}, navigate }) {
  const queue = nextInQueue(query.next);
  const afterwards = () => navigate(queue.id ? detailsPath(queue.id, queue.rest) : query.next !== undefined ? '/today' : '/diary');
  const [episode, reference] = await Promise.all([getEpisode(params.id), getReference()]);
  if (!episode) {
    root.append(
      h('h1', {}, 'Cramp not found'),
      h('p', {}, 'This cramp is not on this device. It may have been deleted.'),
      h('p', {}, h('a', { href: '#/diary' }, 'Back to the diary')),
    );
    return undefined;
  }

  const started = timeField('Started', 'started_at', episode.started_at);
  const ended = timeField('Ended', 'ended_at', episode.ended_at);
  const muscle = choiceGroup({ legend: 'Where', name: 'muscle', options: options(reference, 'muscles'), value: episode.muscle, className: 'muscle-choices' });
  const side = choiceGroup({ legend: 'Which leg', name: 'side', options: options(reference, 'sides'), value: episode.side, className: 'row-choices' });
  const severity = choiceGroup({
    legend: 'How bad, 0 (no pain) to 10 (worst)',
    name: 'severity',
    options: SEVERITIES,
    value: episode.severity,
    className: 'severity-choices',
    hint: episode.severity === null || episode.severity === undefined ? 'Not rated yet.' : null,
  });
  const woke = choiceGroup({
    legend: 'Did it wake you up?',
    name: 'woke_from_sleep',
    options: [
      { code: 'true', label: 'Yes' },
      { code: 'false', label: 'No' },
    ],
    value: episode.woke_from_sleep === null || episode.woke_from_sleep === undefined ? null : String(episode.woke_from_sleep),
    className: 'row-choices',
  });
  const triggers = checkboxGroup({ legend: 'What might have set it off?', name: 'triggers', options: options(reference, 'triggers'), values: episode.triggers ?? [] });
  const reliefs = reliefField(reference, episode.reliefs);
  const symptoms = checkboxGroup({ legend: 'Anything else you noticed?', name: 'symptoms', options: options(reference, 'symptoms'), values: episode.symptoms ?? [] });
  const notesId = uid('notes');
  const notes = h('textarea', { id: notesId, name: 'notes', rows: 3, maxlength: 2000 }, episode.notes ?? '');
  const errorBox = h('p', { class: 'form-error', role: 'alert' });

  const form = h(
    'form',
    { class: 'stack' },
    started,
    ended,
    muscle,
    side,
    severity,
    woke,
    triggers,
    reliefs,
    symptoms,
    h('div', { class: 'field' }, h('label', { for: notesId }, 'Notes'), notes),
    errorBox,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, queue.id ? 'Save and next' : 'Save'),
      queue.id
        ? h('a', { class: 'button-link', href: `#${detailsPath(queue.id, queue.rest)}` }, 'Skip to the next')
        : h('a', { class: 'button-link', href: query.next !== undefined ? '#/today' : '#/diary' }, 'Cancel'),
    ),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const startedAt = timeFromField(started.querySelector('input'), episode.started_at);
    const endedAt = timeFromField(ended.querySelector('input'), episode.ended_at);
    if (!startedAt) {
      errorBox.textContent = 'Please give the time it started.';
      return;
    }
    if (endedAt && endedAt < startedAt) {
      errorBox.textContent = 'The end must be after the start.';
      return;
    }
    const wokeValue = selectedValue(woke);
    const severityValue = selectedValue(severity);
    const after = {
      started_at: startedAt,
      ended_at: endedAt,
      muscle: selectedValue(muscle),
      side: selectedValue(side),
      severity: severityValue === null ? null : Number(severityValue),
      woke_from_sleep: wokeValue === null ? null : wokeValue === 'true',
      triggers: checkedValues(triggers),
      reliefs: readReliefs(reliefs),
      symptoms: checkedValues(symptoms),
      notes: notes.value,
    };
    // Times are compared as instants: the same time typed back must not count as an edit.
    const before = { ...episode };
    for (const name of ['started_at', 'ended_at']) {
      if (before[name] && after[name] && Date.parse(before[name]) === Date.parse(after[name])) after[name] = before[name];
    }
    const changes = changedFields(before, after);
    if (Object.keys(changes).length > 0) await updateEpisode(episode.id, changes);
    flash(queue.id ? 'Saved. Next cramp from last night.' : 'Saved.');
    afterwards();
  });

  const confirmBox = h('div', { class: 'confirm', hidden: true });
  const deleteButton = h('button', { type: 'button', class: 'danger' }, 'Delete this cramp');
  deleteButton.addEventListener('click', () => {
    confirmBox.hidden = false;
    deleteButton.hidden = true;
    confirmBox.querySelector('button').focus();
  });
  confirmBox.append(
    h('p', {}, 'Delete this cramp from your diary?'),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        class: 'danger',
        on: {
          click: async () => {
            await deleteEpisode(episode.id);
            flash('Cramp deleted.');
            afterwards();
          },
        },
      }, 'Yes, delete'),
      h('button', {
        type: 'button',
        on: {
          click: () => {
            confirmBox.hidden = true;
            deleteButton.hidden = false;
            deleteButton.focus();
          },
        },
      }, 'Keep it'),
    ),
  );

  root.append(
    h('p', { class: 'back' }, h('a', { href: '#/diary' }, '‹ Diary')),
    h('h1', {}, 'Cramp details'),
    h('p', { class: 'lead' }, `${formatNight(episode.night_of)}. ${labelFor(reference, 'muscles', episode.muscle) || 'Muscle not given'}.`),
    form,
    h('section', { class: 'delete-zone', 'aria-label': 'Delete' }, deleteButton, confirmBox),
  );
  return undefined;
}
