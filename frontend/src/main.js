// main.js: the app's entry. Builds the shell (header with the sync status, shown to patients only:
// a clinician's screens are online and keep no diary; main nav, notices), runs the router,
// registers the service worker with its update prompt, keeps the browser's install prompt for
// the welcome screen (ui/install.js), starts the sync engine, and opens the screen a tapped
// reminder asks for (notifications.js) without reloading the page.
// Screens live in views/ and are listed in router.js.

import { registerSW } from 'virtual:pwa-register';
import { onDatabaseVersionChange } from './db.js';
import { currentUser, logout, onAuthChange } from './data/account.js';
import { onDataChange, onSyncStatus, syncNow } from './data/live.js';
import { keepNotificationsReaching } from './data/reminders.js';
import { OPEN_URL_MESSAGE } from './notifications.js';
import { currentHash, navItems, navigate, parseLocation, resolve } from './router.js';
import { startSync } from './sync.js';
import { h } from './ui/dom.js';
import { watchInstallPrompt } from './ui/install.js';
import { flash, mountNotices, showPrompt } from './ui/notices.js';
import { mountSyncStatus } from './ui/sync-status.js';
import './styles/app.css';

const main = document.getElementById('app');
const statusBar = h('div', { class: 'sync-bar' });
const navList = h('ul', {});
const nav = h('nav', { class: 'main-nav', 'aria-label': 'Main' }, navList);
const notices = h('div', { class: 'notices' });
const skipLink = h(
  'a',
  {
    class: 'skip-link',
    href: '#app',
    on: {
      click(event) {
        event.preventDefault(); // a hash link would be taken for a route
        main.focus();
      },
    },
  },
  'Skip to content',
);
const header = h('header', { class: 'app-header' }, h('p', { class: 'brand' }, 'CrampCare'), statusBar);
document.body.insertBefore(skipLink, main);
document.body.insertBefore(header, main);
document.body.insertBefore(nav, main);
document.body.insertBefore(notices, main);
mountNotices(notices);
mountSyncStatus(statusBar, {
  onSyncStatus,
  syncNow,
  // The session ended on the server: sign out here too (unsynced entries stay on this phone,
  // kept for this account) and show the log-in form.
  async signInAgain() {
    try {
      await logout({ force: true });
    } catch {
      flash('Could not reach the server. Try again when you are online.');
    }
  },
});

let user = null;
let cleanup = null;
let renderTicket = 0;

function renderNav(currentPath) {
  const items = navItems(user);
  nav.hidden = items.length === 0;
  // A screen under a nav item (a cramp under Diary) keeps that item marked.
  const isCurrent = (path) => currentPath === path || currentPath.startsWith(`${path}/`);
  navList.replaceChildren(
    ...items.map(({ path, label }) =>
      h('li', {}, h('a', { href: `#${path}`, 'aria-current': isCurrent(path) ? 'page' : null }, label)),
    ),
  );
}

function setTheme(theme) {
  const bedside = theme === 'bedside';
  document.documentElement.classList.toggle('theme-bedside', bedside);
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', bedside ? '#000000' : '#0f2742');
}

async function renderRoute() {
  const ticket = ++renderTicket;
  const resolved = resolve(currentHash(), user);
  if (resolved.redirect) {
    navigate(resolved.redirect, { replace: true });
    return;
  }
  const previousCleanup = cleanup;
  cleanup = null;
  previousCleanup?.();
  const { route, params, query } = resolved;
  document.title = `${route.title} · CrampCare`;
  setTheme(route.theme);
  renderNav(parseLocation(currentHash()).path);
  // Signed out there is nothing to sync; a clinician's screens are online only and keep no diary.
  const syncs = user?.role === 'patient';
  statusBar.hidden = !syncs;
  header.classList.toggle('signed-out', !user);
  document.body.classList.toggle('role-clinician', user?.role === 'clinician');
  const root = h('div', { class: 'view' });
  main.replaceChildren(root);
  let viewCleanup;
  try {
    viewCleanup = await route.view.render({ root, route, params, query, user, navigate });
  } catch (error) {
    console.error(error);
    root.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', {}, 'Please reload the app. Your entries are safe on this device.'));
  }
  if (ticket !== renderTicket) {
    viewCleanup?.();
    return;
  }
  cleanup = typeof viewCleanup === 'function' ? viewCleanup : null;
  // Move focus to the new screen's heading so screen readers announce the change.
  const heading = root.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

onAuthChange((changedUser) => {
  user = changedUser;
  renderRoute();
});

// Updates wait for the user: reloading under someone typing a cramp record would lose it.
const updateServiceWorker = registerSW({
  immediate: true,
  onNeedRefresh() {
    showPrompt({
      key: 'update',
      message: 'A new version is ready.',
      actionLabel: 'Reload',
      onAction: () => updateServiceWorker(true),
    });
  },
  onOfflineReady() {
    // Only a patient's screens work offline, and only once there is an account to work with.
    if (user?.role === 'patient') flash('CrampCare now works offline.');
  },
});

onDatabaseVersionChange(({ reason }) => {
  if (reason === 'versionchange') {
    showPrompt({
      key: 'database',
      message: 'CrampCare was updated in another tab.',
      actionLabel: 'Reload',
      onAction: () => location.reload(),
    });
  }
});

window.addEventListener('hashchange', () => renderRoute());
// A tapped reminder, with the app already open: the service worker says which screen to show.
navigator.serviceWorker?.addEventListener('message', (event) => {
  const url = event.data?.type === OPEN_URL_MESSAGE ? String(event.data.url ?? '') : '';
  if (url.startsWith('/#/')) navigate(url.slice(2));
});
// Chromium's install prompt arrives early; kept for the welcome screen's "Install" button.
watchInstallPrompt(window);

// The server's invite links are paths (/care-team/accept?code=…); the app's screens are hash routes.
if (location.pathname === '/care-team/accept') history.replaceState(null, '', `/#/care-team/accept${location.search}`);

user = await currentUser();
await renderRoute();
startSync();
// With a reminder on and notifications allowed, the server gets this browser's subscription again
// (a new sign-in, a renewed subscription). It never asks the permission: only a tap does that.
keepNotificationsReaching();
onDataChange(() => keepNotificationsReaching());
