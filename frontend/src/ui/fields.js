// fields.js: labelled form controls, built the same way on every form.
//
//   labelledField(label, control, hint?) -> <div class="field"> with the label (and hint) wired to the control
//   selectField(name, choices, value) -> <select> of {code, label} choices with `value` selected

import { h, uid } from './dom.js';

export function labelledField(label, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, control);
}

export function selectField(name, choices, value) {
  return h('select', { name }, choices.map((choice) => h('option', { value: choice.code, selected: choice.code === value }, choice.label)));
}
