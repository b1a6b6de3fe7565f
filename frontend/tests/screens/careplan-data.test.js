import { describe, expect, it } from 'vitest';
import { META_KEYS, STORES, getDb, setMeta } from '../../src/db.js';
import {
  addStarter,
  checksOn,
  dailyChecklist,
  isDueOn,
  listItems,
  setCheck,
  setItemStatus,
  updateItem,
} from '../../src/data/careplan.js';

const STARTER = {
  key: 'bedtime_stretch',
  category: 'stretching',
  title: 'Stretch calves and hamstrings before bed',
  instructions: 'Hold each stretch.',
  schedule: 'bedtime',
};

describe('care-plan items', () => {
  it('adds a starter in one call, active from today, queued for the server', async () => {
    await setMeta(META_KEYS.user, { id: 'u1', timezone: 'UTC' });
    const item = await addStarter(STARTER);
    expect(item).toMatchObject({ title: STARTER.title, schedule: 'bedtime', status: 'active' });
    expect(item.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [entry] = await (await getDb()).getAll(STORES.outbox);
    expect(entry.entity).toBe('care_plan_item');
    expect(entry.fields).not.toHaveProperty('key');
  });

  it('lists active steps before paused and stopped ones', async () => {
    const first = await addStarter(STARTER);
    const second = await addStarter({ ...STARTER, title: 'Drink water', schedule: 'daily' });
    await setItemStatus(first.id, 'stopped');
    const third = await addStarter({ ...STARTER, title: 'Warmth', schedule: 'as_needed' });
    await setItemStatus(third.id, 'paused');
    expect((await listItems()).map((item) => item.status)).toEqual(['active', 'paused', 'stopped']);
    expect((await listItems())[0].id).toBe(second.id);
  });

  it('puts only active, current, scheduled steps on the daily checklist', () => {
    const items = [
      { id: 'a', status: 'active', schedule: 'bedtime', start_date: '2026-11-01', title: 'A' },
      { id: 'b', status: 'paused', schedule: 'daily', start_date: '2026-11-01', title: 'B' },
      { id: 'c', status: 'active', schedule: 'as_needed', start_date: '2026-11-01', title: 'C' },
      { id: 'd', status: 'active', schedule: 'daily', start_date: '2026-12-01', title: 'D' },
      { id: 'e', status: 'active', schedule: 'daily', start_date: '2026-10-01', end_date: '2026-10-31', title: 'E' },
      { id: 'f', status: 'active', schedule: 'daily', start_date: '2026-10-01', title: 'F' },
    ];
    expect(dailyChecklist(items, '2026-11-05').map((item) => item.id)).toEqual(['a', 'f']);
    expect(isDueOn(items[3], '2026-12-01')).toBe(true);
  });
});

describe('a step a clinician wrote', () => {
  const clinicianStep = {
    id: 'i1',
    version: 3,
    title: 'Stretch calves',
    instructions: 'Three times, 30 seconds each.',
    schedule: 'bedtime',
    status: 'active',
    start_date: '2026-11-01',
    author: { id: 'doc', role: 'clinician', display_name: 'Dr Lee' },
  };

  it('never sends its title, instructions or schedule, only what the patient may change', async () => {
    await (await getDb()).put(STORES.carePlanItems, clinicianStep);

    const stored = await updateItem('i1', {
      title: 'Stretch a bit',
      instructions: 'Once.',
      schedule: 'weekly',
      status: 'paused',
      time_of_day: '21:30',
      end_date: '2026-12-01',
    });

    const [entry] = await (await getDb()).getAll(STORES.outbox);
    expect(entry.fields).toEqual({ status: 'paused', time_of_day: '21:30', end_date: '2026-12-01' });
    expect(stored).toMatchObject({ title: 'Stretch calves', schedule: 'bedtime', status: 'paused' });
  });

  it('queues nothing when only the clinician\'s fields were touched', async () => {
    await (await getDb()).put(STORES.carePlanItems, clinicianStep);
    await updateItem('i1', { title: 'Stretch a bit' });
    expect(await (await getDb()).count(STORES.outbox)).toBe(0);
  });

  it('leaves the patient\'s own steps fully theirs', async () => {
    const own = await addStarter(STARTER);
    await updateItem(own.id, { title: 'Stretch longer' });
    const entries = await (await getDb()).getAll(STORES.outbox);
    expect(entries.at(-1).fields).toMatchObject({ title: 'Stretch longer' });
  });
});

describe('checks', () => {
  it('keeps one check per step and day, changing it in place', async () => {
    const item = await addStarter(STARTER);
    const first = await setCheck(item.id, '2026-11-05', true);
    const second = await setCheck(item.id, '2026-11-05', false);
    expect(second.id).toBe(first.id);
    const checks = await checksOn('2026-11-05');
    expect(checks.get(item.id)).toMatchObject({ done: false, date: '2026-11-05', item_id: item.id });
    expect((await checksOn('2026-11-06')).size).toBe(0);
    const entries = (await (await getDb()).getAll(STORES.outbox)).filter((entry) => entry.entity === 'check');
    expect(entries).toHaveLength(1);
    expect(entries[0].fields).toMatchObject({ item_id: item.id, date: '2026-11-05', done: false });
  });
});
