import { describe, expect, it } from 'vitest';
import { describeSyncStatus } from '../../src/ui/sync-status.js';
import { formatClock, formatDuration } from '../../src/ui/format.js';
import { stretchFor } from '../../src/ui/stretch.js';
import { changedFields } from '../../src/data/fields.js';
import { startersNotInPlan } from '../../src/views/care-plan.js';
import { clinicianNotice, formProblem } from '../../src/views/care-plan-item.js';
import { elapsedSeconds, nightWord, savedSummary } from '../../src/views/bedside.js';

const base = { pending: 0, oldestPendingAt: null, lastSyncAt: '2026-11-05T02:00:00Z', rejected: 0 };

describe('sync status line', () => {
  it('says Synced, waiting with the oldest time, or Offline', () => {
    const oldest = new Date(2026, 10, 5, 2, 14).toISOString();
    const now = new Date(2026, 10, 5, 3, 0);
    expect(describeSyncStatus({ ...base, state: 'synced' }, now)).toBe('Synced');
    expect(describeSyncStatus({ ...base, state: 'pending', pending: 3, oldestPendingAt: oldest }, now)).toBe('3 waiting, oldest at 02:14');
    expect(describeSyncStatus({ ...base, state: 'offline' }, now)).toBe('Offline');
    expect(describeSyncStatus({ ...base, state: 'offline', pending: 1, oldestPendingAt: oldest }, now)).toBe('Offline · 1 waiting, oldest at 02:14');
  });

  it('does not flicker during a routine sync with nothing waiting', () => {
    expect(describeSyncStatus({ ...base, state: 'syncing' })).toBe('Synced');
    expect(describeSyncStatus({ ...base, state: 'syncing', lastSyncAt: null })).toBe('Syncing…');
    expect(describeSyncStatus({ ...base, state: 'synced', lastSyncAt: null })).toBe('Not synced yet');
  });

  it('mentions changes the server refused', () => {
    expect(describeSyncStatus({ ...base, state: 'synced', rejected: 2 })).toBe('Synced. 2 changes were refused by the server.');
  });
});

describe('bedside helpers', () => {
  it('runs the timer from the saved start', () => {
    expect(elapsedSeconds({ started_at: '2026-11-05T02:00:00Z' }, Date.parse('2026-11-05T02:01:05Z'))).toBe(65);
    expect(formatClock(65)).toBe('1:05');
    expect(formatDuration(65)).toBe('1 min 5 s');
    expect(formatDuration(40)).toBe('40 s');
  });

  it('calls the night "tonight" until dawn and "last night" in the morning', () => {
    expect(nightWord(23)).toBe('tonight');
    expect(nightWord(3)).toBe('tonight');
    expect(nightWord(8)).toBe('last night');
    expect(nightWord(13)).toBe('tonight');
  });

  it('describes the saved cramp in plain words', () => {
    const summary = savedSummary(
      { muscle: 'calf', side: 'left', started_at: '2026-11-05T02:00:00Z', ended_at: '2026-11-05T02:01:30Z' },
      null,
    );
    expect(summary).toBe('Saved: calf, left. It lasted 1 min 30 s.');
  });

  it('has a stretch for every muscle and the calf for anything unknown', () => {
    for (const muscle of ['calf', 'foot', 'shin', 'hamstrings', 'quadriceps', 'other']) {
      expect(stretchFor(muscle).steps.length).toBeGreaterThan(20);
    }
    expect(stretchFor(undefined)).toBe(stretchFor('calf'));
    expect(stretchFor('calf').steps).toMatch(/toes toward you/);
  });
});

describe('edit forms', () => {
  it('writes only what changed; empty answers are equal', () => {
    const before = { severity: 5, triggers: undefined, notes: undefined, reliefs: [{ method: 'heat', effect: 'some' }] };
    const after = { severity: 6, triggers: [], notes: '', reliefs: [{ method: 'heat', effect: 'some' }] };
    expect(changedFields(before, after)).toEqual({ severity: 6 });
  });

  it('hides starters already in the plan, but offers stopped ones again', () => {
    const starters = [{ title: 'Drink water' }, { title: 'Stretch' }, { title: 'Shoes' }];
    const items = [
      { title: 'drink water ', status: 'active' },
      { title: 'Shoes', status: 'stopped' },
    ];
    expect(startersNotInPlan(starters, items).map((starter) => starter.title)).toEqual(['Stretch', 'Shoes']);
  });
});

describe('care-plan step form', () => {
  it('tells the patient whose step it is and what they can still do', () => {
    const item = { author: { role: 'clinician', display_name: 'Dr Lee' } };
    expect(clinicianNotice(item)).toBe('Dr Lee wrote this step. You can pause or stop it, and add your own step.');
    expect(clinicianNotice({ author: { role: 'clinician' } })).toMatch(/^Your clinician wrote this step\./);
  });

  it('needs a title when there is one to write, and a last day not before the first', () => {
    expect(formProblem({ title: '' })).toEqual({ field: 'title', message: 'Please say what to do.' });
    expect(formProblem({ time_of_day: null, status: 'paused' })).toBeNull(); // a clinician's step has no title field
    expect(formProblem({ start_date: '2026-11-05', end_date: '2026-11-04' })?.field).toBe('end_date');
    expect(formProblem({ title: 'Stretch', start_date: '2026-11-05', end_date: null })).toBeNull();
  });
});
