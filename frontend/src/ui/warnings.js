// warnings.js: the warning-sign banner. The words are the server's; urgent ones come
// first and stand out. Shared by Today and any screen that wants it.

import { h } from './dom.js';

const HEADINGS = { urgent: 'Please act on this', advice: 'Worth a word with your clinician', info: 'Good to know' };

export function warningBanner(warnings) {
  if (!warnings.length) return null;
  return h(
    'section',
    { class: 'warnings', 'aria-labelledby': 'warnings-title' },
    h('h2', { id: 'warnings-title' }, warnings.some((warning) => warning.level === 'urgent') ? 'Warning signs' : 'Things to look at'),
    warnings.map((warning) =>
      h(
        'div',
        { class: `warning warning-${warning.level ?? 'info'}` },
        h('p', { class: 'warning-level' }, HEADINGS[warning.level] ?? HEADINGS.info),
        h('p', { class: 'warning-message' }, warning.message),
        warning.advice ? h('p', { class: 'warning-advice' }, warning.advice) : null,
      ),
    ),
  );
}
