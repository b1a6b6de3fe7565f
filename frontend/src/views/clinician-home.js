// clinician-home.js: placeholder for the clinician's patient list (added by the care-team work,
// which replaces the '/patients' route in router.js).

import { h } from '../ui/dom.js';

export async function render({ root, user }) {
  root.append(
    h('h1', {}, 'Patients'),
    h('p', {}, `Welcome, ${user.display_name}. Patients who share their diary with you will be listed here.`),
  );
  return undefined;
}
