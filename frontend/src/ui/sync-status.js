// sync-status.js: the status line that is always in view ("Synced", "3 waiting, oldest at 02:14",
// "Offline"), with a "Sync now" button.
//
//   describeSyncStatus(status, now?) -> string   (pure; status as sync.js reports it)
//   mountSyncStatus(container, {onSyncStatus, syncNow, signInAgain}) -> unsubscribe
//     signInAgain: shown as "Log in again" when the session is over (unsynced entries are kept)

import { h } from './dom.js';
import { formatWhen } from './format.js';

function waitingText(status, now) {
  if (!status.pending) return '';
  const oldest = status.oldestPendingAt ? `, oldest at ${formatWhen(status.oldestPendingAt, now)}` : '';
  return `${status.pending} waiting${oldest}`;
}

export function describeSyncStatus(status, now = new Date()) {
  const waiting = waitingText(status, now);
  const rejected = status.rejected
    ? ` ${status.rejected} ${status.rejected === 1 ? 'change was' : 'changes were'} refused by the server.`
    : '';
  let text;
  switch (status.state) {
    case 'offline':
      text = waiting ? `Offline · ${waiting}` : 'Offline';
      break;
    case 'auth_required':
      text = waiting ? `Log in to sync · ${waiting}` : 'Log in to sync';
      break;
    case 'error':
      text = waiting ? `Not synced, will retry · ${waiting}` : 'Not synced, will retry';
      break;
    case 'syncing':
      // A routine run with nothing waiting keeps saying "Synced" rather than flickering.
      text = waiting ? `Syncing · ${waiting}` : status.lastSyncAt ? 'Synced' : 'Syncing…';
      break;
    case 'pending':
      text = waiting;
      break;
    default:
      // Nothing waiting, but the first sync after start-up has not finished yet.
      text = status.lastSyncAt ? 'Synced' : 'Not synced yet';
  }
  return rejected ? `${text}.${rejected}` : text;
}

export function mountSyncStatus(container, { onSyncStatus, syncNow, signInAgain }) {
  const text = h('span', { class: 'sync-text' }, 'Checking…');
  const button = h('button', { type: 'button', class: 'link-button', on: { click: () => syncNow() } }, 'Sync now');
  const again = h('button', { type: 'button', class: 'link-button', hidden: true, on: { click: () => signInAgain?.() } }, 'Log in again');
  const line = h('p', { class: 'sync-status', role: 'status', 'aria-live': 'polite' }, text);
  container.replaceChildren(line, button, again);
  return onSyncStatus((status) => {
    text.textContent = describeSyncStatus(status);
    container.dataset.state = status.state;
    button.hidden = status.state === 'syncing' || status.state === 'auth_required';
    again.hidden = status.state !== 'auth_required' || !signInAgain;
  });
}
