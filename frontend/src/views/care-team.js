// care-team.js: the patient's care team. Invite a clinician with a short code to read out or a
// link to share, cancel a waiting code, change what a clinician may do or stop sharing, and read
// who looked at or changed what. It lives on the server, so this screen needs a connection; the
// rest of the app keeps working offline.

import {
  accessLog,
  cancelInvite,
  changePermission,
  listInvites,
  listShares,
  revokeShare,
} from '../data/care-team.js';
import { explainError, isOffline, patientDate, permissionLabel } from '../ui/care-team-text.js';
import { clear, h, rerender } from '../ui/dom.js';
import { formatWhen } from '../ui/format.js';
import { flash } from '../ui/notices.js';
import { inviteSection } from './care-team-invite.js';
import '../styles/care-team.css';

const LOG_PAGE_SIZE = 20;
const OFFLINE_TEXT = 'You are offline. Sharing with your care team needs a connection; the rest of CrampCare works as usual.';

export function accessLogLine(entry, me) {
  const who = entry.actor?.id && entry.actor.id === me?.id ? 'You' : entry.actor?.display_name || 'Someone';
  return `${who}: ${entry.description}`;
}

function shareCard(share, actions) {
  const name = share.clinician?.display_name || 'A clinician';
  const confirmBox = h('div', { class: 'confirm', hidden: true });
  const stopButton = h('button', { type: 'button', class: 'danger', dataset: { key: `stop-${share.id}` } }, 'Stop sharing');
  const nextPermission = share.permission === 'edit_plan' ? 'view' : 'edit_plan';
  stopButton.addEventListener('click', () => {
    confirmBox.hidden = false;
    stopButton.hidden = true;
    confirmBox.querySelector('button').focus();
  });
  confirmBox.append(
    h('p', {}, `Stop sharing with ${name} now? They lose access at once.`),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'danger', on: { click: () => actions.revoke(share) } }, 'Yes, stop sharing'),
      h('button', {
        type: 'button',
        on: {
          click() {
            confirmBox.hidden = true;
            stopButton.hidden = false;
            stopButton.focus();
          },
        },
      }, 'Keep sharing'),
    ),
  );
  return h(
    'li',
    { class: 'team-card' },
    h('h3', {}, name),
    share.clinician?.email ? h('p', { class: 'meta' }, share.clinician.email) : null,
    h('p', {}, `${permissionLabel(share.permission)}. Since ${formatWhen(share.created_at)}${share.expires_at ? `, until ${formatWhen(share.expires_at)}` : ''}.`),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        dataset: { key: `permission-${share.id}` },
        on: { click: () => actions.setPermission(share, nextPermission) },
      }, nextPermission === 'edit_plan' ? 'Let them edit my care plan' : 'Make it view only'),
      stopButton,
    ),
    confirmBox,
  );
}

export async function render({ root, user }) {
  const offlineNotice = h('p', { class: 'notice-inline', role: 'status' });
  const errorBox = h('p', { class: 'form-error', role: 'alert' });
  const lists = h('div', {});
  const logList = h('ol', { class: 'access-log' });
  const logStatus = h('p', { class: 'hint', role: 'status', tabindex: '-1' });
  const moreButton = h('button', { type: 'button', hidden: true }, 'Show older entries');
  let logPage = 1;
  let loaded = false;

  const content = h('div', {});
  // Offline before anything was loaded there is nothing to show; after, the last answers stay.
  const showOffline = () => {
    offlineNotice.textContent = isOffline() ? OFFLINE_TEXT : '';
    offlineNotice.hidden = !isOffline();
    content.hidden = isOffline() && !loaded;
  };

  // One line per clinician's visit (the server folds its reads), dated where it began, with the
  // year when it isn't this one.
  function logItem(entry) {
    return h('li', {}, h('span', { class: 'meta' }, patientDate(entry.at, undefined)), ' ', accessLogLine(entry, user));
  }

  async function loadLogPage(page) {
    const { entries, hasMore } = await accessLog({ page, pageSize: LOG_PAGE_SIZE });
    logPage = page;
    if (page === 1) clear(logList, entries.map(logItem));
    else logList.append(...entries.map(logItem));
    moreButton.hidden = !hasMore;
    if (page === 1 && entries.length === 0) logStatus.textContent = 'Nothing yet.';
    else if (page > 1 && entries.length === 0) logStatus.textContent = 'No older entries.';
    else logStatus.textContent = '';
    return entries.length;
  }

  const actions = {
    async revoke(share) {
      await act(() => revokeShare(share.id), `${share.clinician?.display_name || 'They'} can no longer see your data.`, 'team-title');
    },
    async setPermission(share, permission) {
      await act(() => changePermission(share.id, permission), `Changed: ${permissionLabel(permission).toLowerCase()}.`);
    },
    async cancel(invite) {
      await act(() => cancelInvite(invite.id), 'Code cancelled.', 'pending-title');
    },
  };

  async function act(change, message, focusHeadingId) {
    errorBox.textContent = '';
    try {
      await change();
      flash(message);
      await draw();
      if (focusHeadingId) root.querySelector(`#${focusHeadingId}`)?.focus();
    } catch (error) {
      errorBox.textContent = explainError(error);
    }
  }

  async function draw() {
    showOffline();
    if (isOffline()) return;
    try {
      const [invites, shares] = await Promise.all([listInvites(), listShares(), loadLogPage(1)]);
      loaded = true;
      showOffline();
      const active = shares.filter((share) => share.status === 'active');
      const ended = shares.filter((share) => share.status !== 'active');
      rerender(root, () =>
        clear(
          lists,
          h(
            'section',
            { 'aria-labelledby': 'pending-title' },
            h('h2', { id: 'pending-title', tabindex: '-1' }, 'Codes not used yet'),
            invites.length
              ? h(
                  'ul',
                  { class: 'plain-list' },
                  invites.map((invite) =>
                    h(
                      'li',
                      { class: 'row' },
                      h('span', {}, `${permissionLabel(invite.permission)}, works until ${formatWhen(invite.expires_at)}`),
                      h('button', {
                        type: 'button',
                        dataset: { key: `cancel-${invite.id}` },
                        'aria-label': `Cancel the code made ${formatWhen(invite.created_at)}`,
                        on: { click: () => actions.cancel(invite) },
                      }, 'Cancel'),
                    ),
                  ),
                )
              : h('p', {}, 'No codes waiting.'),
          ),
          h(
            'section',
            { 'aria-labelledby': 'team-title' },
            h('h2', { id: 'team-title', tabindex: '-1' }, 'Your care team'),
            active.length ? h('ul', { class: 'plain-list' }, active.map((share) => shareCard(share, actions))) : h('p', {}, 'Nobody can see your data yet.'),
            ended.length
              ? h(
                  'details',
                  {},
                  h('summary', {}, `Ended (${ended.length})`),
                  h('ul', {}, ended.map((share) => h('li', {}, `${share.clinician?.display_name || 'A clinician'}, ended ${formatWhen(share.revoked_at ?? share.expires_at)}`))),
                )
              : null,
          ),
        ),
      );
    } catch (error) {
      errorBox.textContent = explainError(error);
    }
  }

  moreButton.addEventListener('click', async () => {
    const before = logList.children.length;
    try {
      await loadLogPage(logPage + 1);
      const first = logList.children[before];
      if (first) {
        first.tabIndex = -1;
        first.focus();
      } else {
        logStatus.focus();
      }
    } catch (error) {
      logStatus.textContent = explainError(error);
    }
  });

  root.append(
    h('h1', {}, 'Care team'),
    h('p', { class: 'lead' }, 'Share your diary and care plan with a clinician. You can stop at any time.'),
    offlineNotice,
    errorBox,
    clear(
      content,
      inviteSection(() => draw()),
      lists,
      h('section', { 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Who saw or changed your data'), logList, logStatus, moreButton),
    ),
  );

  const onOnline = () => draw();
  const onOffline = () => showOffline();
  globalThis.addEventListener('online', onOnline);
  globalThis.addEventListener('offline', onOffline);
  await draw();
  return () => {
    globalThis.removeEventListener('online', onOnline);
    globalThis.removeEventListener('offline', onOffline);
  };
}
