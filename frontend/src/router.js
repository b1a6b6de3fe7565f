// router.js: the screens of the app and how a URL picks one. Hash URLs (#/diary/…) so any path the
// server or the service worker hands out boots the same shell.
//
// THE ROUTE TABLE is `routes` below; care-team and clinician screens are added there (or with
// addRoute() from their own module before startRouter runs). A route:
//   { path: '/diary/:id',            ':name' segments become params
//     view,                          a module with render({root, route, params, query, user, navigate})
//                                    that may return a cleanup function (or a Promise of one)
//     title,                         the document title and the nav label unless `nav` says else
//     access: 'public' | 'signed_in' (default) | 'patient' | 'clinician'
//     nav: 'Label' | undefined,      shown in the main nav (in table order) when set
//     theme: 'bedside' | undefined } the dim night theme
// HOME_BY_ROLE says where '/' goes for each role.
//
// Exported API:
//   routes, addRoute(route, {before}?), HOME_BY_ROLE, NOT_FOUND (the route for an unknown path)
//   homeFor(user) -> path                             (pure; where '/' goes)
//   matchRoute(path) -> {route, params} | null        (pure)
//   parseLocation(hash) -> {path, query}              (pure)
//   canAccess(route, user) -> boolean                 (pure)
//   resolve(hash, user) -> {redirect} | {route, params, query}   (pure; the guard)
//   navigate(path, {replace}?), currentHash()
//   navItems(user) -> [{path, label}]

import * as account from './views/account.js';
import * as bedside from './views/bedside.js';
import * as carePlan from './views/care-plan.js';
import * as carePlanItem from './views/care-plan-item.js';
import * as careTeam from './views/care-team.js';
import * as careTeamAccept from './views/care-team-accept.js';
import * as diary from './views/diary.js';
import * as episode from './views/episode.js';
import * as login from './views/login.js';
import * as notFound from './views/not-found.js';
import * as patient from './views/patient.js';
import * as patients from './views/patients.js';
import * as today from './views/today.js';
import * as trends from './views/trends.js';
import * as welcome from './views/welcome.js';

export const HOME_BY_ROLE = { patient: '/bedside', clinician: '/patients' };

export const routes = [
  { path: '/bedside', view: bedside, title: 'Bedside', access: 'patient', nav: 'Bedside', theme: 'bedside' },
  { path: '/today', view: today, title: 'Today', access: 'patient', nav: 'Today' },
  { path: '/diary', view: diary, title: 'Diary', access: 'patient', nav: 'Diary' },
  { path: '/diary/:id', view: episode, title: 'Cramp details', access: 'patient' },
  { path: '/trends', view: trends, title: 'Trends', access: 'patient', nav: 'Trends' },
  { path: '/plan', view: carePlan, title: 'Care plan', access: 'patient', nav: 'Care plan' },
  { path: '/plan/new', view: carePlanItem, title: 'New care-plan step', access: 'patient' },
  { path: '/plan/:id', view: carePlanItem, title: 'Care-plan step', access: 'patient' },
  { path: '/care-team', view: careTeam, title: 'Care team', access: 'patient', nav: 'Care team' },
  // Public: an invite link opened signed out keeps its code while the clinician logs in.
  { path: '/care-team/accept', view: careTeamAccept, title: 'Add a patient', access: 'public' },
  { path: '/patients', view: patients, title: 'Patients', access: 'clinician', nav: 'Patients' },
  { path: '/patients/:id', view: patient, title: 'Patient', access: 'clinician' },
  { path: '/account', view: account, title: 'Account', access: 'signed_in', nav: 'Account' },
  { path: '/welcome', view: welcome, title: 'Welcome', access: 'patient' },
  { path: '/login', view: login, title: 'Log in', access: 'public' },
  { path: '/signup', view: login, title: 'Sign up', access: 'public' },
];

export const NOT_FOUND = { path: '*', view: notFound, title: 'Not found', access: 'public' };

export function addRoute(route, { before } = {}) {
  const existing = routes.findIndex((candidate) => candidate.path === route.path);
  if (existing >= 0) routes.splice(existing, 1);
  const index = before ? routes.findIndex((candidate) => candidate.path === before) : -1;
  routes.splice(index >= 0 ? index : routes.length, 0, route);
}

export function parseLocation(hash) {
  const raw = String(hash || '').replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path: path.startsWith('/') ? path : `/${path}`, query: Object.fromEntries(new URLSearchParams(search)) };
}

export function matchRoute(path) {
  const segments = path.split('/').filter(Boolean);
  // Literal segments beat parameters: '/plan/new' wins over '/plan/:id' whatever the order.
  let best = null;
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params = {};
    let literals = 0;
    const matches = pattern.every((part, index) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(segments[index]);
        return true;
      }
      literals += 1;
      return part === segments[index];
    });
    if (matches && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best ? { route: best.route, params: best.params } : null;
}

export function canAccess(route, user) {
  const access = route.access ?? 'signed_in';
  if (access === 'public') return true;
  if (!user) return false;
  return access === 'signed_in' || access === user.role;
}

export function homeFor(user) {
  if (!user) return '/login';
  return HOME_BY_ROLE[user.role] ?? '/account';
}

export function resolve(hash, user) {
  const { path, query } = parseLocation(hash);
  if (path === '/') return { redirect: homeFor(user) };
  const match = matchRoute(path);
  if (!match) return { route: NOT_FOUND, params: {}, query };
  const { route, params } = match;
  // Signed in, the log-in screens lead home, and sign-up (just done) to a patient's welcome;
  // signed out, everything else leads to log-in.
  if (user && route.path === '/signup' && user.role === 'patient') return { redirect: '/welcome' };
  if (user && (route.path === '/login' || route.path === '/signup')) return { redirect: homeFor(user) };
  if (!canAccess(route, user)) return { redirect: user ? homeFor(user) : '/login' };
  return { route, params, query };
}

export function currentHash() {
  return globalThis.location?.hash ?? '';
}

export function navigate(path, { replace = false } = {}) {
  const hash = `#${path}`;
  if (replace) {
    history.replaceState(null, '', hash);
    globalThis.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (location.hash === hash) {
    globalThis.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

export function navItems(user) {
  return routes
    .filter((route) => route.nav && user && canAccess(route, user))
    .map((route) => ({ path: route.path, label: route.nav }));
}
