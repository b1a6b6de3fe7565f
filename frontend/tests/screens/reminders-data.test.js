import { describe, expect, it } from 'vitest';
import { META_KEYS, STORES, getDb, setMeta } from '../../src/db.js';
import { addItem, getItem, setCheck, updateItem } from '../../src/data/careplan.js';
import { getProfile } from '../../src/data/profile.js';
import {
  anyReminderOn,
  clockTime,
  defaultReminderTime,
  dueReminders,
  remindersDueNow,
  saveReminderSettings,
  setReminder,
  tickFromReminder,
} from '../../src/data/reminders.js';

const USER = { id: 'u1', role: 'patient', email: 'sam@example.org', display_name: 'Sam', timezone: 'Europe/London', conditions: [], medications: [] };
const ITEM_ID = '5d1e8c3a-7b42-4f0e-a9c1-2e3f4a5b6c7d';

function item(fields = {}) {
  return { id: ITEM_ID, title: 'Stretch calves', schedule: 'bedtime', status: 'active', start_date: '2026-11-01', reminder_at: '21:30', ...fields };
}

// 'Europe/London' is UTC in December, so these instants read as the same local clock times.
const at = (clock, day = '2026-12-01') => new Date(`${day}T${clock}:00Z`);
const noChecks = new Map();

async function outbox() {
  return (await getDb()).getAll(STORES.outbox);
}

describe('which reminder time a step starts with', () => {
  it('bedtime steps: the profile bedtime, else the step time, else 22:00', () => {
    expect(defaultReminderTime(item({ time_of_day: '21:00' }), { bedtime: '22:45' })).toBe('22:45');
    expect(defaultReminderTime(item({ time_of_day: '21:00' }), { bedtime: null })).toBe('21:00');
    expect(defaultReminderTime(item(), {})).toBe('22:00');
  });

  it('daily steps: the step time, else 09:00', () => {
    expect(defaultReminderTime(item({ schedule: 'daily', time_of_day: '12:15:00' }), { bedtime: '22:45' })).toBe('12:15');
    expect(defaultReminderTime(item({ schedule: 'daily' }), {})).toBe('09:00');
  });

  it('reads the server time with or without seconds', () => {
    expect(clockTime('21:30:00')).toBe('21:30');
    expect(clockTime('9:30')).toBeNull();
    expect(clockTime(null)).toBeNull();
  });
});

describe('whether a reminder is on (one rule for every screen)', () => {
  it('an active bedtime or daily step with a time, or the morning check', () => {
    expect(anyReminderOn([item()], {})).toBe(true);
    expect(anyReminderOn([item({ schedule: 'daily', reminder_at: '09:00:00' })], null)).toBe(true);
    expect(anyReminderOn([], { morning_reminder_at: '08:00' })).toBe(true);
    expect(anyReminderOn([], { morning_reminder_at: null })).toBe(false);
    expect(anyReminderOn([item({ status: 'paused' }), item({ status: 'stopped' })], {})).toBe(false);
    expect(anyReminderOn([item({ deleted: true })], {})).toBe(false);
    expect(anyReminderOn([item({ schedule: 'weekly' }), item({ reminder_at: null }), item({ reminder_at: '99:99' })], {})).toBe(false);
  });
});

describe('what is due now', () => {
  const zone = 'Europe/London';

  it('is due from its time for two hours', () => {
    expect(dueReminders([item()], noChecks, at('21:29'), zone)).toEqual([]);
    expect(dueReminders([item()], noChecks, at('21:30'), zone)).toEqual([{ item: item(), date: '2026-12-01', at: '21:30' }]);
    expect(dueReminders([item()], noChecks, at('23:29'), zone)).toHaveLength(1);
    expect(dueReminders([item()], noChecks, at('23:30'), zone)).toEqual([]);
  });

  it('past midnight is still due, for the day it was set on', () => {
    const late = item({ reminder_at: '23:30' });
    expect(dueReminders([late], noChecks, at('00:45', '2026-12-02'), zone)).toEqual([{ item: late, date: '2026-12-01', at: '23:30' }]);
    expect(dueReminders([late], noChecks, at('01:30', '2026-12-02'), zone)).toEqual([]);
  });

  it('is not due once ticked (done or skipped) that day', () => {
    const checks = new Map([['2026-12-01', new Map([[ITEM_ID, { done: false }]])]]);
    expect(dueReminders([item()], checks, at('22:00'), zone)).toEqual([]);
  });

  it('only active bedtime and daily steps within their dates, with a reminder', () => {
    const items = [
      item({ id: 'a', status: 'paused' }),
      item({ id: 'b', schedule: 'weekly' }),
      item({ id: 'c', start_date: '2026-12-02' }),
      item({ id: 'd', reminder_at: null }),
      item({ id: 'e', schedule: 'daily' }),
    ];
    expect(dueReminders(items, noChecks, at('22:00'), zone).map((entry) => entry.item.id)).toEqual(['e']);
  });

  it('counts two real hours from the instant the time happens, across clock changes', () => {
    // Europe/London, 2026-03-29: 01:00 GMT becomes 02:00 BST, so 01:30 never happens.
    const skipped = item({ reminder_at: '01:30', start_date: '2026-01-01' });
    const instant = (iso) => new Date(iso);
    // Like the server: the skipped 01:30 comes at 02:30 BST (01:30 UTC), for two hours from there.
    expect(dueReminders([skipped], noChecks, instant('2026-03-29T01:15:00Z'), zone)).toEqual([]); // 02:15 BST
    expect(dueReminders([skipped], noChecks, instant('2026-03-29T01:30:00Z'), zone)).toEqual([{ item: skipped, date: '2026-03-29', at: '01:30' }]);
    expect(dueReminders([skipped], noChecks, instant('2026-03-29T03:00:00Z'), zone)).toHaveLength(1); // 04:00 BST
    expect(dueReminders([skipped], noChecks, instant('2026-03-29T03:30:00Z'), zone)).toEqual([]);
    // 00:30 GMT + two hours is 02:30 UTC, 03:30 on the clock.
    const early = item({ reminder_at: '00:30', start_date: '2026-01-01' });
    expect(dueReminders([early], noChecks, instant('2026-03-29T02:15:00Z'), zone)).toHaveLength(1); // 03:15 BST
    // Yesterday's 23:30 GMT is due until 01:30 UTC, 02:30 BST.
    const late = item({ reminder_at: '23:30', start_date: '2026-01-01' });
    expect(dueReminders([late], noChecks, instant('2026-03-29T01:15:00Z'), zone)).toEqual([{ item: late, date: '2026-03-28', at: '23:30' }]);
    expect(dueReminders([late], noChecks, instant('2026-03-29T01:30:00Z'), zone)).toEqual([]);
  });

  it('on the night clocks go back, a time that happens twice counts from the first', () => {
    // Europe/London, 2026-10-25: 02:00 BST becomes 01:00 GMT, so 01:00-02:00 happens twice.
    const twice = item({ reminder_at: '01:30', start_date: '2026-01-01' });
    const instant = (iso) => new Date(iso);
    expect(dueReminders([twice], noChecks, instant('2026-10-25T00:29:00Z'), zone)).toEqual([]); // 01:29 BST
    expect(dueReminders([twice], noChecks, instant('2026-10-25T00:30:00Z'), zone)).toHaveLength(1); // 01:30 BST
    expect(dueReminders([twice], noChecks, instant('2026-10-25T02:15:00Z'), zone)).toHaveLength(1); // 02:15 GMT
    expect(dueReminders([twice], noChecks, instant('2026-10-25T02:30:00Z'), zone)).toEqual([]); // 02:30 GMT: two hours on
    // 00:30 BST (23:30 UTC) + two hours is 01:30 UTC, 01:30 GMT on the clock, not 02:30.
    const early = item({ reminder_at: '00:30', start_date: '2026-01-01' });
    expect(dueReminders([early], noChecks, instant('2026-10-25T01:15:00Z'), zone)).toHaveLength(1);
    expect(dueReminders([early], noChecks, instant('2026-10-25T02:00:00Z'), zone)).toEqual([]);
  });

  it('reads this phone: a step ticked here is no longer due', async () => {
    await setMeta(META_KEYS.user, { ...USER, timezone: 'UTC' });
    const now = new Date();
    const clock = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const step = await addItem({ category: 'stretching', title: 'Stretch', schedule: 'daily', reminder_at: clock });
    expect((await remindersDueNow(now)).map((entry) => entry.item.id)).toEqual([step.id]);
    await setCheck(step.id, now.toISOString().slice(0, 10), true);
    expect(await remindersDueNow(now)).toEqual([]);
  });
});

describe('setting reminders on this phone', () => {
  it('writes reminder_at through the outbox like any other field', async () => {
    await setMeta(META_KEYS.user, USER);
    const step = await addItem({ category: 'stretching', title: 'Stretch', schedule: 'bedtime' });
    await (await getDb()).clear(STORES.outbox);
    await setReminder(step.id, '21:45');
    expect((await getItem(step.id)).reminder_at).toBe('21:45');
    const [entry] = await outbox();
    expect(entry).toMatchObject({ entity: 'care_plan_item', id: step.id, fields: { reminder_at: '21:45' } });
    await setReminder(step.id, null);
    expect((await getItem(step.id)).reminder_at).toBeNull();
  });

  it('never sends the clinician suggestion back', async () => {
    await (await getDb()).put(STORES.carePlanItems, { ...item(), reminder_at: null, suggested_reminder_at: '21:30', author: { role: 'clinician' }, version: 2 });
    await updateItem(ITEM_ID, { reminder_at: '21:30', suggested_reminder_at: '20:00', note_for_patient: 'x' });
    const [entry] = await outbox();
    expect(entry.fields).toEqual({ reminder_at: '21:30' });
  });

  it('"Done" from a reminder ticks that day through the outbox', async () => {
    await setMeta(META_KEYS.user, { ...USER, timezone: 'UTC' });
    await (await getDb()).put(STORES.carePlanItems, item());
    const now = at('08:00', '2026-12-02');
    const ticked = await tickFromReminder(ITEM_ID, '2026-12-01', now);
    expect(ticked).toMatchObject({ date: '2026-12-01', ticked: true, item: { title: 'Stretch calves' } });
    const [entry] = await outbox();
    expect(entry).toMatchObject({ entity: 'check', fields: { item_id: ITEM_ID, date: '2026-12-01', done: true } });
  });

  it('ignores a link that is not a reminder (bad id, future or old day)', async () => {
    await setMeta(META_KEYS.user, { ...USER, timezone: 'UTC' });
    const now = at('08:00', '2026-12-02');
    expect(await tickFromReminder('not-an-id', '2026-12-01', now)).toBeNull();
    expect(await tickFromReminder(ITEM_ID, '2026-12-03', now)).toBeNull();
    expect(await tickFromReminder(ITEM_ID, '2026-11-01', now)).toBeNull();
    expect(await tickFromReminder(ITEM_ID, 'yesterday', now)).toBeNull();
    expect(await outbox()).toEqual([]);
  });

  it('"Done" ticks nothing for a step that is gone, paused, stopped, not reminding or out of its dates', async () => {
    await setMeta(META_KEYS.user, { ...USER, timezone: 'UTC' });
    const now = at('08:00', '2026-12-02');
    const database = await getDb();
    // Not on this phone (deleted, or never here).
    expect(await tickFromReminder(ITEM_ID, '2026-12-01', now)).toMatchObject({ ticked: false, item: null });
    for (const fields of [
      { status: 'paused' },
      { status: 'stopped' },
      { deleted: true },
      { schedule: 'weekly' },
      { schedule: 'as_needed' },
      { start_date: '2026-12-02' },
      { end_date: '2026-11-30' },
    ]) {
      await database.put(STORES.carePlanItems, item(fields));
      expect(await tickFromReminder(ITEM_ID, '2026-12-01', now), JSON.stringify(fields)).toMatchObject({ ticked: false });
    }
    expect(await outbox()).toEqual([]);
    expect(await database.getAll(STORES.checks)).toEqual([]);
  });

  it('a first bedtime moves the reminders set at 22:00, the time chosen without one', async () => {
    await setMeta(META_KEYS.user, USER);
    const step = await addItem({ category: 'stretching', title: 'A', schedule: 'bedtime', reminder_at: '22:00' });
    const { moved } = await saveReminderSettings({ bedtime: '22:30' });
    expect(moved).toBe(1);
    expect((await getItem(step.id)).reminder_at).toBe('22:30');
  });

  it('moves bedtime reminders that followed the old bedtime, and no others', async () => {
    await setMeta(META_KEYS.user, { ...USER, bedtime: '22:00' });
    const follows = await addItem({ category: 'stretching', title: 'A', schedule: 'bedtime', reminder_at: '22:00' });
    const own = await addItem({ category: 'stretching', title: 'B', schedule: 'bedtime', reminder_at: '21:00' });
    const daily = await addItem({ category: 'hydration', title: 'C', schedule: 'daily', reminder_at: '22:00' });
    const { moved } = await saveReminderSettings({ bedtime: '23:00' });
    expect(moved).toBe(1);
    expect((await getItem(follows.id)).reminder_at).toBe('23:00');
    expect((await getItem(own.id)).reminder_at).toBe('21:00');
    expect((await getItem(daily.id)).reminder_at).toBe('22:00');
    expect((await getProfile()).bedtime).toBe('23:00');
  });

  it('saves the morning check on the profile, off as null', async () => {
    await setMeta(META_KEYS.user, USER);
    await saveReminderSettings({ morning_reminder_at: '07:30' });
    expect((await getProfile()).morning_reminder_at).toBe('07:30');
    await saveReminderSettings({ morning_reminder_at: null });
    const entries = await outbox();
    expect(entries.at(-1)).toMatchObject({ entity: 'profile', fields: { morning_reminder_at: null } });
  });
});
