// account.js: the Account screen. A patient edits name, time zone, conditions and medicines here
// (account-profile.js; saved on the phone, synced later), and bedtime and the morning check
// (account-reminders.js); everyone can change the password,
// download their data and erase the account (account-online.js; these need a connection), and
// log out. Logging out never drops unsynced entries silently: with entries waiting it says so,
// offers to sync first, and a forced log-out keeps them on this phone for the next log-in of the
// same account.

import { NetworkError, UnsyncedChangesError, logout } from '../data/account.js';
import { listItems } from '../data/careplan.js';
import { onDataChange, pendingCount, syncNow } from '../data/live.js';
import { getProfile } from '../data/profile.js';
import { getReference } from '../data/reference.js';
import { clear, h, rerender } from '../ui/dom.js';
import { flash } from '../ui/notices.js';
import { dataSection, eraseSection, passwordSection } from './account-online.js';
import { profileSections } from './account-profile.js';
import { reminderSettings } from './account-reminders.js';

export async function render({ root, user }) {
  const isPatient = user.role === 'patient';
  const profileArea = h('div', { class: 'profile-area wide-columns' });
  let editing = false;

  async function drawProfile() {
    if (!isPatient) return;
    const [profile, reference, items] = await Promise.all([getProfile(), getReference(), listItems()]);
    rerender(root, () => clear(profileArea, profileSections({ profile, reference }), reminderSettings({ profile, items })));
  }

  const message = h('div', { class: 'logout-message', role: 'alert' });
  const logoutButton = h('button', { type: 'button', class: 'wide' }, 'Log out');

  async function attempt(force) {
    message.replaceChildren();
    try {
      const { clearedLocalData } = await logout({ force });
      flash(clearedLocalData ? 'Logged out.' : 'Logged out. Unsynced entries stay on this device until you log in again.');
    } catch (error) {
      if (error instanceof UnsyncedChangesError) {
        message.append(
          h('p', {}, `${error.pending} ${error.pending === 1 ? 'entry has' : 'entries have'} not reached the server yet. Connect to the internet and sync before you log out, or they stay only on this device.`),
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
            h('button', { type: 'button', on: { click: () => attempt(true) } }, 'Log out, keep them on this device'),
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
      h('dt', {}, 'Email'),
      h('dd', { class: 'truncate', title: user.email }, user.email),
      isPatient ? null : [h('dt', {}, 'Name'), h('dd', {}, user.display_name), h('dt', {}, 'Time zone'), h('dd', {}, (user.timezone ?? '').replaceAll('_', ' '))],
    ),
    profileArea,
    h(
      'div',
      { class: 'wide-columns' },
      passwordSection({ user }),
      h(
        'div',
        {},
        dataSection({ user }),
        h('section', { 'aria-labelledby': 'logout-title' }, h('h2', { id: 'logout-title' }, 'Log out'), logoutButton, message),
      ),
    ),
    eraseSection(),
  );
  await drawProfile();
  // A sync may bring the profile changed on another device: shown while nothing here has been
  // touched yet. Once the patient works on the forms, their sections keep themselves up to date.
  for (const type of ['input', 'focusin']) {
    profileArea.addEventListener(type, () => {
      editing = true;
    });
  }
  return onDataChange(() => {
    if (!editing) drawProfile();
  });
}
