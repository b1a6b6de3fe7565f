// account.js: who is signed in, and logging out. Logging out never drops unsynced entries
// silently: with entries waiting it says so, offers to sync first, and a forced log-out keeps
// them on this phone for the next log-in of the same account.

import { NetworkError, UnsyncedChangesError, logout } from '../data/account.js';
import { pendingCount, syncNow } from '../data/live.js';
import { h } from '../ui/dom.js';
import { flash } from '../ui/notices.js';

export async function render({ root, user }) {
  const message = h('div', { class: 'logout-message', role: 'alert' });
  const logoutButton = h('button', { type: 'button', class: 'wide' }, 'Log out');

  async function attempt(force) {
    message.replaceChildren();
    try {
      const { clearedLocalData } = await logout({ force });
      flash(clearedLocalData ? 'Logged out.' : 'Logged out. Unsynced entries stay on this phone until you log in again.');
    } catch (error) {
      if (error instanceof UnsyncedChangesError) {
        message.append(
          h('p', {}, `${error.pending} ${error.pending === 1 ? 'entry has' : 'entries have'} not reached the server yet. Connect to the internet and sync before you log out, or they stay only on this phone.`),
          h(
            'div',
            { class: 'actions' },
            h('button', {
              type: 'button',
              class: 'primary',
              on: {
                click: async () => {
                  await syncNow();
                  const left = await pendingCount();
                  if (left === 0) attempt(false);
                  else flash(`${left} still waiting. Try again when you are online.`);
                },
              },
            }, 'Sync now'),
            h('button', { type: 'button', on: { click: () => attempt(true) } }, 'Log out, keep them on this phone'),
          ),
        );
        message.querySelector('button').focus();
      } else if (error instanceof NetworkError) {
        message.append(h('p', {}, 'You are offline. Log out when you are back online, so your session ends on the server too.'));
      } else {
        message.append(h('p', {}, 'Logging out did not work. Please try again.'));
      }
    }
  }

  logoutButton.addEventListener('click', () => attempt(false));
  root.append(
    h('h1', {}, 'Account'),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, 'Name'),
      h('dd', {}, user.display_name),
      h('dt', {}, 'Email'),
      h('dd', {}, user.email),
      h('dt', {}, 'Time zone'),
      h('dd', {}, user.timezone ?? ''),
    ),
    logoutButton,
    message,
  );
  return undefined;
}
