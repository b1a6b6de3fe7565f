// account-profile.js: the Account screen's profile sections for a patient: name and time zone
// (offering the phone's zone when it differs), conditions, and medicines (name, a class chosen
// from the vocabulary by typing part of it, a start date, an optional dose). Every change is
// saved on this phone and synced later, like the diary (data/profile.js).
//
//   profileSections({profile, reference}) -> Element[]   each section redraws only its own parts
//       after a save, so what is being typed in another section is never wiped
//   classFromLabel(classes, text) -> code | null   (pure; a typed label or code, any case)

import { addMedication, getProfile, medicationNotice, removeMedication, saveProfile, timeZoneMismatch } from '../data/profile.js';
import { labelFor, options } from '../data/reference.js';
import { defaultTimeZone } from '../data/time.js';
import { checkboxGroup, checkedValues } from '../ui/choices.js';
import { clear, h, uid } from '../ui/dom.js';
import { flash } from '../ui/notices.js';

function zoneLabel(zone) {
  return zone.replaceAll('_', ' ');
}

function timeZones(current) {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  for (const zone of [defaultTimeZone(), current]) if (zone && !zones.includes(zone)) zones = [zone, ...zones];
  return zones;
}

export function classFromLabel(classes, text) {
  const wanted = String(text ?? '').trim().toLowerCase();
  if (!wanted) return null;
  const match = classes.find((option) => option.label.toLowerCase() === wanted || option.code === wanted);
  return match ? match.code : null;
}

function fieldError(id) {
  return h('p', { class: 'field-error', id, role: 'alert' });
}

function nameAndZone(profile) {
  const nameId = uid('field');
  const zoneId = uid('field');
  const nameError = fieldError(`${nameId}-error`);
  const name = h('input', { id: nameId, name: 'display_name', autocomplete: 'name', maxlength: 100, value: profile.display_name ?? '', 'aria-describedby': `${nameId}-error` });
  const zone = h(
    'select',
    { id: zoneId, name: 'timezone' },
    timeZones(profile.timezone).map((value) => h('option', { value, selected: value === profile.timezone }, zoneLabel(value))),
  );
  const mismatch = h('div', { class: 'notice-inline zone-mismatch' });
  const showMismatch = (saved) => {
    const deviceZone = timeZoneMismatch(saved);
    mismatch.hidden = !deviceZone;
    if (!deviceZone) return;
    clear(
      mismatch,
      h('p', {}, `This device is set to ${zoneLabel(deviceZone)}, but your diary uses ${zoneLabel(saved.timezone)}. Nights are counted in the diary's time zone.`),
      h('button', {
        type: 'button',
        on: {
          click: async () => {
            const updated = await saveProfile({ timezone: deviceZone });
            zone.value = deviceZone;
            flash(`Time zone set to ${zoneLabel(deviceZone)}.`);
            showMismatch(updated);
            zone.focus();
          },
        },
      }, `Use ${zoneLabel(deviceZone)}`),
    );
  };
  showMismatch(profile);
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: nameId }, 'Your name'), name, nameError),
    h('div', { class: 'field' }, h('label', { for: zoneId }, 'Time zone'), zone),
    mismatch,
    h('button', { type: 'submit', class: 'primary' }, 'Save name and time zone'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    nameError.textContent = '';
    const displayName = name.value.trim();
    if (!displayName) {
      nameError.textContent = 'Please give a name; it is how your care team sees you.';
      name.focus();
      return;
    }
    showMismatch(await saveProfile({ display_name: displayName, timezone: zone.value }));
    flash('Saved on this device. It syncs when you are online.');
  });
  return h('section', { 'aria-labelledby': 'you-title' }, h('h2', { id: 'you-title' }, 'You'), form);
}

function conditions(profile, reference) {
  const group = checkboxGroup({
    legend: 'Which of these apply to you?',
    hint: 'Some conditions change what the app suggests (for example, care with heat on numb skin).',
    name: 'conditions',
    options: options(reference, 'conditions'),
    values: profile.conditions,
  });
  const form = h('form', {}, group, h('button', { type: 'submit' }, 'Save conditions'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await saveProfile({ conditions: checkedValues(group) });
    flash('Conditions saved.');
  });
  return h('section', { 'aria-labelledby': 'conditions-title' }, h('h2', { id: 'conditions-title' }, 'Conditions'), form);
}

function medicineLine(medication, index, reference, redrawList) {
  const notice = medicationNotice(medication);
  const since = medication.started_on ? `since ${medication.started_on}` : null;
  const classLabel = labelFor(reference, 'medication_classes', medication.class);
  return h(
    'li',
    { class: 'medicine' },
    h('p', { class: 'medicine-name truncate', title: medication.name }, medication.name),
    h('p', { class: 'hint' }, [classLabel, medication.dose, since].filter(Boolean).join(' · ')),
    notice ? h('p', { class: `medicine-notice medicine-${notice.level}` }, notice.text) : null,
    h('button', {
      type: 'button',
      class: 'link-button',
      'aria-label': `Remove ${medication.name}`,
      on: {
        click: async () => {
          await removeMedication(index);
          flash(`Removed ${medication.name}.`);
          await redrawList();
          document.getElementById('medicines-title')?.focus();
        },
      },
    }, 'Remove'),
  );
}

function medicines(profile, reference) {
  const classes = options(reference, 'medication_classes');
  const listHolder = h('div', {});
  const drawList = (medications) =>
    clear(
      listHolder,
      medications.length
        ? h('ul', { class: 'medicine-list' }, medications.map((medication, index) => medicineLine(medication, index, reference, redrawList)))
        : h('p', {}, 'No medicines listed.'),
    );
  async function redrawList() {
    drawList((await getProfile()).medications);
  }
  drawList(profile.medications);
  const listId = uid('classes');
  const ids = { name: uid('field'), klass: uid('field'), started: uid('field'), dose: uid('field') };
  const nameError = fieldError(`${ids.name}-error`);
  const classError = fieldError(`${ids.klass}-error`);
  const name = h('input', { id: ids.name, name: 'medicine_name', maxlength: 120, autocomplete: 'off', 'aria-describedby': `${ids.name}-error` });
  const klass = h('input', { id: ids.klass, name: 'medicine_class', list: listId, autocomplete: 'off', 'aria-describedby': `${ids.klass}-hint ${ids.klass}-error` });
  const started = h('input', { id: ids.started, name: 'started_on', type: 'date' });
  const dose = h('input', { id: ids.dose, name: 'dose', maxlength: 120, autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'stack medicine-form', novalidate: true },
    h('h3', {}, 'Add a medicine'),
    h('div', { class: 'field' }, h('label', { for: ids.name }, 'Name'), name, nameError),
    h(
      'div',
      { class: 'field' },
      h('label', { for: ids.klass }, 'Kind of medicine'),
      h('p', { class: 'hint', id: `${ids.klass}-hint` }, 'Type part of it, for example "statin" or "water tablet", and pick from the list. Not sure? Choose "Other".'),
      klass,
      h('datalist', { id: listId }, classes.map((option) => h('option', { value: option.label }))),
      classError,
    ),
    h('div', { class: 'field' }, h('label', { for: ids.started }, 'Started on (optional)'), started),
    h('div', { class: 'field' }, h('label', { for: ids.dose }, 'Dose (optional)'), dose),
    h('button', { type: 'submit', class: 'primary' }, 'Add medicine'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    nameError.textContent = '';
    classError.textContent = '';
    const code = classFromLabel(classes, klass.value);
    if (!name.value.trim()) {
      nameError.textContent = 'Please give the medicine’s name, as on the box.';
      name.focus();
      return;
    }
    if (!code) {
      classError.textContent = 'Please pick a kind from the list, or "Other".';
      klass.focus();
      return;
    }
    const medication = { name: name.value, class: code, started_on: started.value, dose: dose.value };
    drawList((await addMedication(medication)).medications);
    form.reset();
    const notice = medicationNotice(medication);
    flash(notice ? `Added ${medication.name.trim()}. ${notice.text}` : `Added ${medication.name.trim()}.`, { timeoutMs: 12000 });
    name.focus();
  });
  return h(
    'section',
    { 'aria-labelledby': 'medicines-title', id: 'medicines' },
    h('h2', { id: 'medicines-title' }, 'Medicines'),
    h('p', { class: 'hint' }, 'Some medicines are linked to cramps. Listing yours lets the app and your care team notice it.'),
    listHolder,
    form,
  );
}

export function profileSections({ profile, reference }) {
  return [nameAndZone(profile), conditions(profile, reference), medicines(profile, reference)];
}
