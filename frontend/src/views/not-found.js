// not-found.js: an address the app does not know.

import { h } from '../ui/dom.js';

export async function render({ root }) {
  root.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Go to the start')));
  return undefined;
}
