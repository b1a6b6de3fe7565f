// main.js: the app's entry. For now a minimal shell: title, a sync status line, the service
// worker with an update prompt. The screens (router.js, views/, ui/, data/) replace the body of
// renderShell() later; keep the three start-up steps at the bottom.

import { registerSW } from 'virtual:pwa-register';
import { onDatabaseVersionChange } from './db.js';
import { onSyncStatus, startSync } from './sync.js';
import './shell.css';

function element(tag, attributes = {}, text = '') {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function timeAgo(isoTime) {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(isoTime)) / 60000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function describeSyncStatus(status) {
  const waiting = status.pending > 0
    ? `${status.pending} not synced, oldest ${timeAgo(status.oldestPendingAt)}`
    : '';
  switch (status.state) {
    case 'syncing':
      return 'Syncing…';
    case 'offline':
      return waiting ? `Offline. ${waiting}.` : 'Offline. Your entries are saved on this device.';
    case 'auth_required':
      return waiting ? `Sign in again to sync. ${waiting}.` : 'Sign in again to sync.';
    case 'error':
      return waiting ? `Sync failed, will retry. ${waiting}.` : 'Sync failed, will retry.';
    case 'pending':
      return `${waiting}.`;
    default:
      return 'All changes synced.';
  }
}

function renderShell(root) {
  const header = element('header', { class: 'shell-header' });
  header.append(element('h1', {}, 'CrampCare'));
  const statusLine = element('p', { class: 'sync-status', role: 'status', 'aria-live': 'polite' }, 'Loading…');
  const notice = element('div', { class: 'notice', hidden: '' });
  root.replaceChildren(header, statusLine, notice);
  return { statusLine, notice };
}

function showNotice(notice, message, actionLabel, action) {
  const text = element('p', {}, message);
  const button = element('button', { type: 'button' }, actionLabel);
  button.addEventListener('click', action);
  notice.replaceChildren(text, button);
  notice.hidden = false;
}

const root = document.getElementById('app');
const { statusLine, notice } = renderShell(root);

onSyncStatus((status) => {
  statusLine.textContent = describeSyncStatus(status);
});

// Updates wait for the user: reloading under someone typing a cramp record would lose it.
const updateServiceWorker = registerSW({
  immediate: true,
  onNeedRefresh() {
    showNotice(notice, 'A new version is ready.', 'Update', () => updateServiceWorker(true));
  },
});

onDatabaseVersionChange(({ reason }) => {
  if (reason === 'versionchange') {
    showNotice(notice, 'CrampCare was updated in another tab.', 'Reload', () => location.reload());
  }
});

startSync();
