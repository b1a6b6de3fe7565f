import { describe, expect, it } from 'vitest';
import { addRoute, matchRoute, navItems, parseLocation, resolve, routes } from '../../src/router.js';

const patient = { id: 'p', role: 'patient' };
const clinician = { id: 'c', role: 'clinician' };

describe('router', () => {
  it('matches parameters, preferring literal segments', () => {
    expect(matchRoute('/diary/abc').params).toEqual({ id: 'abc' });
    expect(matchRoute('/plan/new').route.path).toBe('/plan/new');
    expect(matchRoute('/plan/123').route.path).toBe('/plan/:id');
    expect(matchRoute('/nowhere')).toBeNull();
  });

  it('reads a query after the hash path', () => {
    expect(parseLocation('#/diary?from=2026-11-01')).toEqual({ path: '/diary', query: { from: '2026-11-01' } });
    expect(parseLocation('')).toEqual({ path: '/', query: {} });
  });

  it('sends each role home, patients to the bedside', () => {
    expect(resolve('#/', patient)).toEqual({ redirect: '/bedside' });
    expect(resolve('', clinician)).toEqual({ redirect: '/patients' });
    expect(resolve('#/', null)).toEqual({ redirect: '/login' });
  });

  it('guards screens by sign-in and role', () => {
    expect(resolve('#/diary', null)).toEqual({ redirect: '/login' });
    expect(resolve('#/bedside', clinician)).toEqual({ redirect: '/patients' });
    expect(resolve('#/login', patient)).toEqual({ redirect: '/bedside' });
    expect(resolve('#/account', clinician).route.path).toBe('/account');
    expect(resolve('#/signup', null).route.path).toBe('/signup');
    // Just signed up: a patient is welcomed, a clinician goes home.
    expect(resolve('#/signup', patient)).toEqual({ redirect: '/welcome' });
    expect(resolve('#/signup', clinician)).toEqual({ redirect: '/patients' });
    expect(resolve('#/welcome', clinician)).toEqual({ redirect: '/patients' });
    expect(resolve('#/what', patient).route.title).toBe('Not found');
  });

  it('lets other screens join the table and the nav', () => {
    const before = routes.length;
    const view = { render() {} };
    addRoute({ path: '/example', view, title: 'Example', access: 'patient', nav: 'Example' }, { before: '/account' });
    expect(routes).toHaveLength(before + 1);
    const labels = navItems(patient).map((item) => item.label);
    expect(labels.indexOf('Example')).toBe(labels.indexOf('Account') - 1);
    expect(navItems(clinician).map((item) => item.label)).toEqual(['Patients', 'Account']);
    routes.splice(routes.findIndex((route) => route.path === '/example'), 1);
  });
});
