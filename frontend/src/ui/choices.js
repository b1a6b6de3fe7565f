// choices.js: one-tap choices built from native radio buttons and checkboxes, so they work with a
// keyboard (arrows, space) and a screen reader without extra code.
//
//   choiceGroup({legend, name, options: [{code, label}], value, onChange, className, hint}) -> <fieldset>
//     legend: text, or a node (the bedside's pain legend carries a live "not rated")
//   checkboxGroup({legend, name, options, values: [], onChange(values), className}) -> <fieldset>
//   selectedValue(fieldset) -> the checked code | null
//   checkedValues(fieldset) -> codes[]

import { h, uid } from './dom.js';

function group(type, { legend, name, options, isChecked, onChange, className = '', hint }) {
  const hintId = hint ? uid('hint') : null;
  const fieldset = h(
    'fieldset',
    { class: `choices ${className}`.trim(), 'aria-describedby': hintId },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
  const list = h('div', { class: 'choice-list' });
  for (const option of options) {
    const input = h('input', {
      type,
      name,
      value: String(option.code),
      checked: isChecked(option.code),
      on: { change: () => onChange?.(input, fieldset) },
    });
    list.append(h('label', { class: 'choice' }, input, h('span', {}, option.label)));
  }
  fieldset.append(list);
  return fieldset;
}

export function choiceGroup({ legend, name, options, value, onChange, className, hint }) {
  return group('radio', {
    legend,
    name,
    options,
    className,
    hint,
    isChecked: (code) => value !== null && value !== undefined && String(code) === String(value),
    onChange: (input) => onChange?.(input.value),
  });
}

export function checkboxGroup({ legend, name, options, values = [], onChange, className, hint }) {
  const chosen = new Set(values.map(String));
  return group('checkbox', {
    legend,
    name,
    options,
    className,
    hint,
    isChecked: (code) => chosen.has(String(code)),
    onChange: (input, fieldset) => onChange?.(checkedValues(fieldset)),
  });
}

export function selectedValue(fieldset) {
  return fieldset.querySelector('input:checked')?.value ?? null;
}

export function checkedValues(fieldset) {
  return [...fieldset.querySelectorAll('input:checked')].map((input) => input.value);
}
