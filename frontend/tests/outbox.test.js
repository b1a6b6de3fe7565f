import { afterEach, describe, expect, it, vi } from 'vitest';
import { STORES, getDb } from '../src/db.js';
import {
  claimBatch,
  clearLocalDataIfNoPendingChanges,
  deleteLocal,
  oldestPendingAt,
  onOutboxChange,
  peekBatch,
  pendingCount,
  writeLocal,
} from '../src/outbox.js';

async function allOutboxEntries() {
  return (await getDb()).getAll(STORES.outbox);
}

async function localEpisode(id) {
  return (await getDb()).get(STORES.episodes, id);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('writeLocal', () => {
  it('stores the record and queues one upsert with its fields', async () => {
    const stored = await writeLocal('episode', { id: 'e1', severity: 7, muscle: 'calf' });

    expect(stored).toEqual({ id: 'e1', severity: 7, muscle: 'calf', version: null });
    expect(await localEpisode('e1')).toEqual(stored);
    const [entry] = await allOutboxEntries();
    expect(entry).toMatchObject({
      entity: 'episode',
      op: 'upsert',
      id: 'e1',
      base_version: null,
      fields: { severity: 7, muscle: 'calf' },
      sent_at: null,
    });
    expect(entry.mutation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps neither the record nor the entry when the outbox write fails', async () => {
    // The record is written first; if the queue entry then fails (quota, a bug), the record must
    // be rolled back too, or it would never reach the server.
    const realAdd = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function add(...args) {
      if (this.name === STORES.outbox) throw new DOMException('Disk full', 'QuotaExceededError');
      return realAdd.apply(this, args);
    });

    await expect(writeLocal('episode', { id: 'e1', severity: 7 })).rejects.toThrow('Disk full');

    vi.restoreAllMocks();
    expect(await localEpisode('e1')).toBeUndefined();
    expect(await pendingCount()).toBe(0);
  });

  it('merges a second edit into the queued entry while it has not been sent', async () => {
    await writeLocal('episode', { id: 'e1', severity: 7 });
    await writeLocal('episode', { id: 'e1', notes: 'left calf' });

    const entries = await allOutboxEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0].fields).toEqual({ severity: 7, notes: 'left calf' });
  });

  it('queues a new entry once the earlier one has been sent', async () => {
    await writeLocal('episode', { id: 'e1', severity: 7 });
    const [sent] = await claimBatch();
    await writeLocal('episode', { id: 'e1', severity: 8 });

    const entries = await allOutboxEntries();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ mutation_id: sent.mutation_id, fields: { severity: 7 } });
    expect(entries[1].fields).toEqual({ severity: 8 });
  });

  it('sends only the fields that changed, never server-managed ones', async () => {
    const database = await getDb();
    await database.put(STORES.episodes, { id: 'e1', severity: 5, muscle: 'calf', version: 3, created_at: 'x' });

    await writeLocal('episode', { id: 'e1', severity: 6, muscle: 'calf', version: 1, created_at: 'y' });

    const [entry] = await allOutboxEntries();
    expect(entry.fields).toEqual({ severity: 6 });
    expect(entry.base_version).toBe(3);
    expect((await localEpisode('e1')).version).toBe(3);
  });

  it('queues nothing when nothing changed', async () => {
    const database = await getDb();
    await database.put(STORES.episodes, { id: 'e1', severity: 5, version: 2 });

    await writeLocal('episode', { id: 'e1', severity: 5 });

    expect(await pendingCount()).toBe(0);
  });

  it('tells listeners after the write is committed', async () => {
    const seen = [];
    const stop = onOutboxChange(async (change) => seen.push({ change, pending: await pendingCount() }));
    await writeLocal('check', { id: 'c1', item_id: 'i1', date: '2025-03-01', done: true });
    stop();
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({ change: { entity: 'check', id: 'c1', op: 'upsert' }, pending: 1 });
  });

  it('refuses an unknown entity', async () => {
    await expect(writeLocal('diary', { id: 'x' })).rejects.toThrow('Unknown entity');
  });
});

describe('deleteLocal', () => {
  it('forgets a record that never left the device', async () => {
    await writeLocal('episode', { id: 'e1', severity: 7 });
    await deleteLocal('episode', 'e1');

    expect(await localEpisode('e1')).toBeUndefined();
    expect(await pendingCount()).toBe(0);
  });

  it('queues a delete with the base version for a synced record', async () => {
    const database = await getDb();
    await database.put(STORES.episodes, { id: 'e1', severity: 5, version: 4 });

    await deleteLocal('episode', 'e1');

    expect(await localEpisode('e1')).toBeUndefined();
    const entries = await allOutboxEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ op: 'delete', id: 'e1', base_version: 4 });
  });

  it('keeps an entry that was already sent and drops later unsent edits', async () => {
    await writeLocal('episode', { id: 'e1', severity: 7 });
    const [sent] = await claimBatch();
    await writeLocal('episode', { id: 'e1', severity: 9 });

    await deleteLocal('episode', 'e1');

    const entries = await allOutboxEntries();
    expect(entries.map((entry) => [entry.mutation_id === sent.mutation_id, entry.op])).toEqual([
      [true, 'upsert'],
      [false, 'delete'],
    ]);
  });
});

describe('batches', () => {
  it('come oldest first and stop before a second entry of the same record', async () => {
    await writeLocal('episode', { id: 'a', severity: 1 });
    await writeLocal('episode', { id: 'b', severity: 2 });
    await claimBatch(); // a and b sent
    await writeLocal('episode', { id: 'c', severity: 3 });
    await writeLocal('episode', { id: 'a', severity: 4 }); // not merged: a's entry was sent

    const batch = await peekBatch(100);

    expect(batch.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  it('hold at most the limit', async () => {
    for (let index = 0; index < 5; index += 1) await writeLocal('episode', { id: `e${index}`, severity: 1 });

    expect((await peekBatch(3)).map((entry) => entry.id)).toEqual(['e0', 'e1', 'e2']);
  });
});

describe('pending count and age', () => {
  it('count every queued change and date the oldest', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await pendingCount()).toBe(0);
    expect(await oldestPendingAt()).toBeNull();

    vi.setSystemTime(new Date('2025-03-01T02:10:00Z'));
    await writeLocal('episode', { id: 'e1', severity: 7 });
    vi.setSystemTime(new Date('2025-03-01T02:30:00Z'));
    await writeLocal('episode', { id: 'e2', severity: 4 });
    await writeLocal('check', { id: 'c1', item_id: 'i1', date: '2025-03-01', done: true });

    expect(await pendingCount()).toBe(3);
    expect(await oldestPendingAt()).toBe('2025-03-01T02:10:00.000Z');
  });
});

describe('clearing local data', () => {
  it('never happens while the outbox has entries', async () => {
    await writeLocal('episode', { id: 'e1', severity: 7 });

    expect(await clearLocalDataIfNoPendingChanges()).toBe(false);
    expect(await localEpisode('e1')).toBeDefined();
    expect(await pendingCount()).toBe(1);
  });

  it('empties every store once nothing is pending', async () => {
    const database = await getDb();
    await database.put(STORES.episodes, { id: 'e1', version: 1 });
    await database.put(STORES.meta, 'someone', 'user');

    expect(await clearLocalDataIfNoPendingChanges()).toBe(true);
    expect(await database.count(STORES.episodes)).toBe(0);
    expect(await database.get(STORES.meta, 'user')).toBeUndefined();
  });
});
