// notices.js: short messages above the screen ("Saved.") and prompts that wait for a tap
// ("A new version is ready — Reload").
//
//   mountNotices(container)
//   flash(message, {timeoutMs}?)                   a polite status message that goes away
//   showPrompt({key, message, actionLabel, onAction}) a message with a button; one per key
//   hidePrompt(key)

import { h } from './dom.js';

let flashRegion = null;
let promptRegion = null;
let flashTimer = null;
let pendingFlash = null;

export function mountNotices(container) {
  flashRegion = h('p', { class: 'flash', role: 'status', 'aria-live': 'polite' });
  promptRegion = h('div', { class: 'prompts' });
  container.replaceChildren(promptRegion, flashRegion);
  if (pendingFlash) flash(...pendingFlash);
}

export function flash(message, { timeoutMs = 6000 } = {}) {
  if (!flashRegion) {
    pendingFlash = [message, { timeoutMs }];
    return;
  }
  pendingFlash = null;
  flashRegion.textContent = message;
  flashRegion.classList.add('visible');
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => {
    flashRegion.textContent = '';
    flashRegion.classList.remove('visible');
  }, timeoutMs);
}

export function showPrompt({ key, message, actionLabel, onAction }) {
  if (!promptRegion) return;
  hidePrompt(key);
  const button = h('button', { type: 'button', class: 'primary', on: { click: onAction } }, actionLabel);
  promptRegion.append(h('div', { class: 'prompt', role: 'alert', dataset: { prompt: key } }, h('p', {}, message), button));
}

export function hidePrompt(key) {
  promptRegion?.querySelector(`[data-prompt="${key}"]`)?.remove();
}
