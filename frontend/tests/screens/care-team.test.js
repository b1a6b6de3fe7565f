import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../../src/api.js';
import { NotSharedError, VersionConflictError, createCareTeamClient, normaliseCode } from '../../src/data/care-team.js';
import { SESSION_LOCK_NAME, SessionEndedError } from '../../src/session-request.js';
import {
  absoluteLink,
  adherenceText,
  explainError,
  formatCode,
  permissionLabel,
  sortPatients,
  spellCode,
  topWarningLevel,
  warningSummary,
} from '../../src/ui/care-team-text.js';
import { resolve } from '../../src/router.js';

const patientRow = (name, fields = {}) => ({
  id: name,
  display_name: name,
  last_cramp_at: null,
  cramps_last_7_days: 0,
  cramps_last_28_days: 0,
  last_change_at: '2026-11-01T10:00:00Z',
  warning_signs: { count: 0, levels: { urgent: 0, advice: 0, info: 0 }, codes: [] },
  ...fields,
});

const signs = (urgent, advice, info) => ({ count: urgent + advice + info, levels: { urgent, advice, info } });

describe('invite codes', () => {
  it('reads a code the way the person meant it', () => {
    expect(normaliseCode(' kx7m q2pd-9r ')).toBe('KX7MQ2PD9R');
    expect(formatCode('kx7mq2pd9r')).toBe('KX7M-Q2PD-9R');
    expect(formatCode('KX7M-Q2PD-9R')).toBe('KX7M-Q2PD-9R');
    expect(formatCode('abc')).toBe('ABC');
  });

  it('spells a code one symbol at a time for screen readers', () => {
    expect(spellCode('KX7M-Q2PD-9R')).toBe('K X 7 M, Q 2 P D, 9 R');
  });

  it('turns the server link into one to send', () => {
    expect(absoluteLink('/care-team/accept?code=KX7M-Q2PD-9R', 'https://crampcare.example')).toBe(
      'https://crampcare.example/care-team/accept?code=KX7M-Q2PD-9R',
    );
  });
});

describe('permission labels', () => {
  it('speaks to the patient and to the clinician', () => {
    expect(permissionLabel('view')).toBe('View only');
    expect(permissionLabel('edit_plan')).toBe('View and edit my care plan');
    expect(permissionLabel('view', 'clinician')).toBe('You can view');
    expect(permissionLabel('edit_plan', 'clinician')).toBe('You can view and edit the care plan');
    expect(permissionLabel('something_new')).toBe('something_new');
  });
});

describe('patient list', () => {
  const rows = [
    patientRow('Bea', { cramps_last_7_days: 5, last_cramp_at: '2026-11-03T02:00:00Z', warning_signs: signs(0, 2, 0) }),
    patientRow('ada', { cramps_last_7_days: 1, cramps_last_28_days: 9, last_cramp_at: '2026-11-04T02:00:00Z' }),
    patientRow('Cy', { warning_signs: signs(1, 0, 0), last_change_at: '2026-11-05T10:00:00Z' }),
    patientRow('Dee', { warning_signs: signs(0, 2, 1) }),
  ];
  const names = (list) => list.map((row) => row.display_name);

  it('puts the most serious warning signs first, then sorts by name', () => {
    expect(names(sortPatients(rows))).toEqual(['Cy', 'Dee', 'Bea', 'ada']);
  });

  it('sorts by name without minding case', () => {
    expect(names(sortPatients(rows, 'name'))).toEqual(['ada', 'Bea', 'Cy', 'Dee']);
  });

  it('sorts by latest cramp, those without one last', () => {
    expect(names(sortPatients(rows, 'recent'))).toEqual(['ada', 'Bea', 'Cy', 'Dee']);
  });

  it('sorts by cramps this week, then this month', () => {
    expect(names(sortPatients(rows, 'week'))).toEqual(['Bea', 'ada', 'Cy', 'Dee']);
    expect(names(sortPatients(rows, 'updated'))[0]).toBe('Cy');
  });

  it('leaves the list it was given alone', () => {
    const copy = [...rows];
    sortPatients(rows, 'name');
    expect(rows).toEqual(copy);
  });

  it('sums up warning signs with their level', () => {
    expect(warningSummary(signs(1, 2, 0))).toBe('3: 1 urgent, 2 advice');
    expect(warningSummary(signs(0, 0, 0))).toBe('None');
    expect(topWarningLevel(signs(0, 2, 1))).toBe('advice');
    expect(topWarningLevel(signs(0, 0, 0))).toBeNull();
  });
});

describe('adherence', () => {
  const item = (schedule, adherence) => ({
    schedule,
    adherence: { scheduled_days: 14, expected: 14, done: 0, skipped: 0, checked_days: 0, rate: 0, done_rate_checked: null, ...adherence },
  });

  it('counts a daily or bedtime step in the days the plan expected it', () => {
    expect(adherenceText(item('daily', { scheduled_days: 13, expected: 12, done: 5, skipped: 2, rate: 0.42 }))).toBe(
      'Done on 5 of 12 days (42%), skipped on 2.',
    );
    expect(adherenceText(item('bedtime', { expected: 1, done: 0, rate: 0 }))).toBe('Done on 0 of 1 day (0%).');
  });

  it('counts a weekly step in weeks, even when it was done more than once a week', () => {
    expect(adherenceText(item('weekly', { expected: 3, done: 2, rate: 0.67 }))).toBe('Done 2 of 3 weeks (67%).');
    expect(adherenceText(item('weekly', { expected: 2, done: 4, rate: 1 }))).toBe('Done 4 times in 2 weeks (100%).');
  });

  it('counts times for a step done when needed', () => {
    expect(adherenceText(item('as_needed', { expected: null, done: 4, rate: null }))).toBe('Done 4 times in the last 14 days.');
    expect(adherenceText(item('as_needed', { expected: null, done: 1, skipped: 1, rate: null }))).toBe(
      'Done 1 time, skipped 1 in the last 14 days.',
    );
  });

  it('says when a step was not in the plan, or was added today and has nothing to count yet', () => {
    const none = { scheduled_days: 0, expected: 0, rate: null };
    expect(adherenceText(item('daily', none))).toBe('Not in the plan during the last 14 days.');
    expect(adherenceText(item('as_needed', { ...none, expected: null }))).toBe('Not in the plan during the last 14 days.');
    const addedToday = { ...item('daily', none), start_date: '2026-11-05', status: 'active' };
    expect(adherenceText(addedToday, { today: '2026-11-05' })).toBe('New in the plan today: nothing to count yet.');
    expect(adherenceText({ ...addedToday, status: 'paused' }, { today: '2026-11-05' })).toBe('Not in the plan during the last 14 days.');
    expect(adherenceText({ schedule: 'daily' })).toBe('');
  });
});

describe('errors in plain words', () => {
  it('tells offline, ended shares, limits and field errors apart', () => {
    expect(explainError(new NetworkError(new TypeError('x')))).toMatch(/offline/);
    expect(explainError(new NotSharedError())).toMatch(/no longer shares/);
    expect(explainError(new ApiError(429, {}))).toMatch(/Too many tries/);
    expect(explainError(new ApiError(404, { message: 'This code does not work.' }))).toBe('This code does not work.');
    expect(explainError(new ApiError(422, { errors: { json: { title: ['Too long.'] } } }))).toBe('title: Too long.');
    expect(explainError(new SessionEndedError(new ApiError(401, {})))).toMatch(/log in again/);
  });
});

// A stand-in for api.js: answers by "METHOD path" from a table of functions.
function fakeRequest(routes) {
  const calls = [];
  const request = vi.fn(async (path, { method = 'GET', body } = {}) => {
    calls.push({ method, path, body });
    const answer = routes[`${method} ${path}`];
    if (!answer) throw new ApiError(404, { message: 'Not found.' });
    return answer(body);
  });
  return { request, calls };
}

const noLocks = { request: (name, callback) => callback() };

describe('care-team client', () => {
  it('refreshes the session once on 401 and sends the request again', async () => {
    let sessionFresh = false;
    const { request, calls } = fakeRequest({
      'GET /patients': () => {
        if (!sessionFresh) throw new ApiError(401, {});
        return [patientRow('Ada')];
      },
      'GET /me': () => {
        throw new ApiError(401, {});
      },
    });
    const refreshSession = vi.fn(async () => {
      sessionFresh = true;
    });
    const client = createCareTeamClient({ request, refreshSession, locks: noLocks });

    const [first, second] = await Promise.all([client.listPatients(), client.listPatients()]);

    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(refreshSession).toHaveBeenCalledTimes(1);
    expect(calls.filter((call) => call.path === '/patients')).toHaveLength(4);
  });

  it('refreshes under the session lock, which the sync engine takes for its refreshes too', async () => {
    const names = [];
    const locks = { request: (name, callback) => (names.push(name), callback()) };
    let fresh = false;
    const { request } = fakeRequest({
      'GET /shares/invites': () => {
        if (!fresh) throw new ApiError(401, {});
        return [];
      },
      'GET /me': () => {
        throw new ApiError(401, {});
      },
    });
    const client = createCareTeamClient({ request, refreshSession: async () => (fresh = true), locks });
    await client.listInvites();
    expect(names).toEqual([SESSION_LOCK_NAME]);
  });

  it('says a patient is not shared when the server answers 404', async () => {
    const { request } = fakeRequest({});
    const client = createCareTeamClient({ request, locks: noLocks });
    await expect(client.loadPatient('p1')).rejects.toBeInstanceOf(NotSharedError);
    await expect(client.loadPlan('p1')).rejects.toBeInstanceOf(NotSharedError);
  });

  it('loads a patient screen in one go, every read naming the same visit', async () => {
    const calls = [];
    const request = vi.fn(async (path, { method = 'GET', headers } = {}) => {
      calls.push({ method, path, headers });
      if (path.includes('/episodes')) return [];
      return path.endsWith('/warnings') ? [] : {};
    });
    const client = createCareTeamClient({ request, locks: noLocks });
    const loaded = await client.loadPatient('p1', { days: 91, visitId: 'v-1' });
    expect(Object.keys(loaded)).toEqual(['summary', 'warnings', 'insights', 'plan']);
    expect(calls.map((call) => call.path)).toContain('/patients/p1/insights?days=91');
    const diary = await client.loadDiary('p1', { from: '2026-09-01', to: '2026-11-30', page: 2, pageSize: 25, visitId: 'v-1' });
    expect(diary).toEqual({ episodes: [], hasMore: false });
    expect(calls.at(-1).path).toBe('/patients/p1/episodes?page=2&page_size=25&from=2026-09-01&to=2026-11-30');
    expect(calls).toHaveLength(5);
    expect(calls.every((call) => call.headers['X-Visit-Id'] === 'v-1')).toBe(true);
  });

  it('lists only the patients whose every share ended', async () => {
    const { request } = fakeRequest({
      'GET /shares': () => [
        { patient_id: 'a', status: 'revoked', revoked_at: '2026-11-20T10:00:00Z', patient: { display_name: 'Ann' } },
        { patient_id: 'b', status: 'revoked', revoked_at: '2026-11-21T10:00:00Z', patient: { display_name: 'Bo' } },
        { patient_id: 'b', status: 'active', revoked_at: null, patient: { display_name: 'Bo' } },
        { patient_id: 'c', status: 'expired', expires_at: '2026-11-22T10:00:00Z', revoked_at: null, patient: { display_name: 'Cy' } },
      ],
    });
    const client = createCareTeamClient({ request, locks: noLocks });
    expect(await client.listEndedShares()).toEqual([
      { patient: { display_name: 'Ann' }, endedAt: '2026-11-20T10:00:00Z' },
      { patient: { display_name: 'Cy' }, endedAt: '2026-11-22T10:00:00Z' },
    ]);
  });

  it('hands back the current item on a version conflict', async () => {
    const current = { id: 'i1', title: 'Stretch', version: 3 };
    const { request, calls } = fakeRequest({
      'PATCH /patients/p1/care-plan/items/i1': () => {
        throw new ApiError(409, { message: 'changed', current });
      },
    });
    const client = createCareTeamClient({ request, locks: noLocks });
    const failure = await client.editPlanItem('p1', 'i1', { title: 'Stretch longer' }, 2).catch((error) => error);
    expect(failure).toBeInstanceOf(VersionConflictError);
    expect(failure.current).toEqual(current);
    expect(calls[0].body).toEqual({ title: 'Stretch longer', version: 2 });
  });

  it('gives each new plan item its own id, so a retry cannot make two', async () => {
    const { request, calls } = fakeRequest({ 'POST /patients/p1/care-plan/items': (body) => body });
    const client = createCareTeamClient({ request, locks: noLocks });
    const item = await client.addPlanItem('p1', { title: 'Drink water', category: 'hydration', schedule: 'daily' });
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[0].body.title).toBe('Drink water');
  });

  it('sends a typed code tidied, and pages through the access log', async () => {
    const { request, calls } = fakeRequest({
      'POST /shares/accept': (body) => ({ patient_id: 'p1', code: body.code }),
      'GET /me/access-log?page=1&page_size=2': () => [{ id: 1 }, { id: 2 }],
      'GET /me/access-log?page=2&page_size=2': () => [{ id: 3 }],
    });
    const client = createCareTeamClient({ request, locks: noLocks });
    await client.redeemCode('kx7m q2pd 9r');
    expect(calls[0].body).toEqual({ code: 'KX7MQ2PD9R' });
    expect(await client.accessLog({ page: 1, pageSize: 2 })).toEqual({ entries: [{ id: 1 }, { id: 2 }], hasMore: true });
    expect((await client.accessLog({ page: 2, pageSize: 2 })).hasMore).toBe(false);
  });

  it('sends the chosen permission and how long the code lasts', async () => {
    const { request, calls } = fakeRequest({ 'POST /shares/invites': (body) => ({ code: 'KX7M-Q2PD-9R', ...body }) });
    const client = createCareTeamClient({ request, locks: noLocks });
    await client.createInvite({ permission: 'edit_plan' });
    expect(calls[0].body).toEqual({ permission: 'edit_plan', expires_in_hours: 72 });
  });
});

describe('care-team routes', () => {
  const patient = { id: 'p', role: 'patient' };
  const clinician = { id: 'c', role: 'clinician' };

  it('gives patients the care team and clinicians their patients', () => {
    expect(resolve('#/care-team', patient).route.title).toBe('Care team');
    expect(resolve('#/care-team', clinician)).toEqual({ redirect: '/patients' });
    expect(resolve('#/patients/abc', clinician).params).toEqual({ id: 'abc' });
    expect(resolve('#/patients/abc', patient)).toEqual({ redirect: '/bedside' });
  });

  it('opens an invite link for anyone, keeping its code', () => {
    const resolved = resolve('#/care-team/accept?code=KX7M-Q2PD-9R', null);
    expect(resolved.route.title).toBe('Add a patient');
    expect(resolved.query).toEqual({ code: 'KX7M-Q2PD-9R' });
    expect(resolve('#/care-team/accept', clinician).route.path).toBe('/care-team/accept');
  });
});
