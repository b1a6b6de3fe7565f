import { describe, expect, it } from 'vitest';
import { META_KEYS, STORES, getDb, getMeta } from '../src/db.js';
import { deleteLocal, getRejectedMutations, peekBatch, pendingCount, writeLocal } from '../src/outbox.js';
import { createTestEngine } from './helpers/engine.js';
import { createFakeServer } from './helpers/fake-server.js';

async function localRecord(store, id) {
  return (await getDb()).get(store, id);
}

describe('push', () => {
  it('sends the oldest changes first in batches of at most 100', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    const ids = Array.from({ length: 250 }, (_, index) => `episode-${String(index).padStart(3, '0')}`);
    for (const id of ids) await writeLocal('episode', { id, severity: 3 });

    expect(await engine.sync()).toBe('synced');

    const pushes = server.pushRequests();
    expect(pushes.map((push) => push.body.mutations.length)).toEqual([100, 100, 50]);
    expect(pushes.flatMap((push) => push.body.mutations.map((mutation) => mutation.id))).toEqual(ids);
    expect(server.liveRecords('episode')).toHaveLength(250);
    expect(await pendingCount()).toBe(0);
    expect((await localRecord(STORES.episodes, 'episode-000')).version).toBe(1);
  });

  it('sends the protocol fields and one client id', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 6, muscle: 'calf' });
    await engine.sync();
    await writeLocal('episode', { id: 'e2', severity: 2 });
    await engine.sync();

    const [first, second] = server.pushRequests();
    expect(first.body.mutations[0]).toEqual({
      mutation_id: expect.any(String),
      entity: 'episode',
      op: 'upsert',
      id: 'e1',
      base_version: null,
      fields: { severity: 6, muscle: 'calf' },
    });
    expect(first.body.client_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.body.client_id).toBe(first.body.client_id);
  });

  it('takes a duplicate reply as done and stores the record it carries', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 6 });
    // The server already has this exact mutation (sent before the app was closed mid-sync).
    const [entry] = await peekBatch();
    server.applyFromOtherDevice([{ ...entry }]);

    await engine.sync();

    expect(server.pushRequests()).toHaveLength(1);
    // The fake server answers with what it stored the first time, status "duplicate".
    expect(server.record('episode', 'e1').version).toBe(1);
    expect(await pendingCount()).toBe(0);
    expect(await getRejectedMutations()).toEqual([]);
    expect(await localRecord(STORES.episodes, 'e1')).toMatchObject({ severity: 6, version: 1 });
  });

  it('resends the same mutation after a lost reply, and the server applies it once', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 6 });
    await engine.sync();
    await writeLocal('episode', { id: 'e1', severity: 8 });
    server.failNext('/sync/push', 'lost_reply');

    expect(await engine.sync()).toBe('offline');
    expect(await pendingCount()).toBe(1);
    expect(server.record('episode', 'e1').version).toBe(2); // it did arrive

    expect(await engine.sync()).toBe('synced');

    const [, lost, retried] = server.pushRequests();
    expect(retried.body.mutations).toEqual(lost.body.mutations);
    expect(server.record('episode', 'e1').version).toBe(2); // not applied a second time
    expect(await pendingCount()).toBe(0);
    expect(await localRecord(STORES.episodes, 'e1')).toMatchObject({ severity: 8, version: 2 });
  });

  it('refreshes the session on 401 and sends the same batch again', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 6 });
    server.expireAccessToken();

    expect(await engine.sync()).toBe('synced');

    const calls = server.requests.map((request) => `${request.path} ${request.status}`);
    expect(calls.slice(0, 4)).toEqual([
      '/api/v1/sync/push 401',
      '/api/v1/me 401', // did another tab refresh meanwhile? No: refresh here
      '/api/v1/auth/refresh 200',
      '/api/v1/sync/push 200',
    ]);
    const [refused, resent] = server.pushRequests();
    expect(resent.body).toEqual(refused.body);
    expect(server.requests[2].headers['X-CSRF-TOKEN']).toBe('csrf-refresh-1');
    expect(await pendingCount()).toBe(0);
  });

  it('stops and keeps the outbox when the session cannot be refreshed', async () => {
    const server = createFakeServer();
    const { engine, timers } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 6 });
    server.expireAccessToken();
    server.refreshWorks = false;

    expect(await engine.sync()).toBe('auth_required');

    expect(await pendingCount()).toBe(1);
    expect(server.pushRequests()).toHaveLength(1);
    expect(timers.active()).toEqual([]); // no retry until the user signs in again
    expect((await engine.getSyncStatus()).state).toBe('auth_required');
  });

  it('stores the server record after a conflict', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('care_plan_item', { id: 'i1', title: 'Stretch calves', instructions: 'Three minutes' });
    await engine.sync();
    server.applyFromOtherDevice([
      { entity: 'care_plan_item', op: 'upsert', id: 'i1', base_version: 1, fields: { instructions: 'Five minutes' } },
    ]);
    await writeLocal('care_plan_item', { id: 'i1', instructions: 'Two minutes' }); // stale base: 1

    await engine.pushPending();

    expect(await localRecord(STORES.carePlanItems, 'i1')).toMatchObject({
      instructions: 'Five minutes',
      version: 2,
    });
    expect(await pendingCount()).toBe(0);
  });

  it('keeps a newer local edit over the pushed record and rebases it on the new version', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 6, notes: 'first' });
    let pushCount = 0;
    let localDuringSecondPush;
    server.beforeReply = async (request) => {
      if (request.path !== '/api/v1/sync/push') return;
      pushCount += 1;
      if (pushCount === 1) await writeLocal('episode', { id: 'e1', notes: 'second' }); // typed meanwhile
      if (pushCount === 2) localDuringSecondPush = await localRecord(STORES.episodes, 'e1');
    };

    await engine.pushPending(); // pushes until the outbox is empty

    // After the first reply (notes: 'first', version 1) the local copy kept the newer edit.
    expect(localDuringSecondPush).toMatchObject({ notes: 'second', severity: 6, version: 1 });

    const [, second] = server.pushRequests();
    expect(second.body.mutations[0]).toMatchObject({ fields: { notes: 'second' }, base_version: 1 });
    expect(server.record('episode', 'e1').data.notes).toBe('second'); // not lost as a "conflict"
    expect(await localRecord(STORES.episodes, 'e1')).toMatchObject({ notes: 'second', version: 2 });
    expect(await pendingCount()).toBe(0);
  });

  it('counts a rejected change as done and keeps it for review', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'bad', severity: 11 });
    await writeLocal('episode', { id: 'good', severity: 4 });

    expect(await engine.sync()).toBe('synced');

    expect(await pendingCount()).toBe(0);
    expect(server.record('episode', 'good')).toBeDefined();
    const rejected = await getRejectedMutations();
    expect(rejected).toEqual([
      expect.objectContaining({ id: 'bad', entity: 'episode', errors: { severity: ['Must be 0 to 10.'] } }),
    ]);
    expect((await engine.getSyncStatus()).rejected).toBe(1);
  });

  it('goes back to the server copy a rejected result carries', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 5 });
    await engine.sync();
    await writeLocal('episode', { id: 'e1', severity: 11 });

    await engine.pushPending();

    expect(await localRecord(STORES.episodes, 'e1')).toEqual({ id: 'e1', severity: 5, version: 1 });
    expect(await getRejectedMutations()).toEqual([expect.objectContaining({ id: 'e1', fields: { severity: 11 } })]);
  });

  it('lists a rejection for review when its reply was lost and the resend answers duplicate', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'bad', severity: 11 });
    server.failNext('/sync/push', 'lost_reply');
    expect(await engine.sync()).toBe('offline');

    expect(await engine.sync()).toBe('synced');

    expect(await pendingCount()).toBe(0);
    expect(await getRejectedMutations()).toEqual([expect.objectContaining({ id: 'bad' })]);
  });

  it('keeps a rejected new record shown and listed for review when the server has no copy', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 11 });

    await engine.pushPending();

    expect(await localRecord(STORES.episodes, 'e1')).toMatchObject({ id: 'e1', severity: 11 });
    expect(await getRejectedMutations()).toHaveLength(1);
  });

  it('deletes the day\'s check by item and date, whatever id the server holds it under', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    server.applyFromOtherDevice([
      { entity: 'check', op: 'upsert', id: 'from-phone', fields: { item_id: 'i1', date: '2025-03-01', done: true } },
    ]);
    await writeLocal('check', { id: 'from-tablet', item_id: 'i1', date: '2025-03-01', done: true });
    server.failNext('/sync/push', 'lost_reply'); // the server kept the tick on from-phone
    expect(await engine.sync()).toBe('offline');
    await deleteLocal('check', 'from-tablet'); // untick before the answer arrived

    expect(await engine.sync()).toBe('synced');

    const deletion = server.pushRequests().flatMap((push) => push.body.mutations).find((m) => m.op === 'delete');
    expect(deletion).toMatchObject({ entity: 'check', id: 'from-tablet', fields: { item_id: 'i1', date: '2025-03-01' } });
    expect(server.liveRecords('check')).toHaveLength(0);
    expect(await (await getDb()).count(STORES.checks)).toBe(0);
  });

  it('replaces a check ticked on two devices with the server one', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    server.applyFromOtherDevice([
      { entity: 'check', op: 'upsert', id: 'from-phone', fields: { item_id: 'i1', date: '2025-03-01', done: true } },
    ]);
    await writeLocal('check', { id: 'from-tablet', item_id: 'i1', date: '2025-03-01', done: true });

    await engine.sync();

    expect(await localRecord(STORES.checks, 'from-tablet')).toBeUndefined();
    expect(await localRecord(STORES.checks, 'from-phone')).toMatchObject({ done: true });
    expect(server.liveRecords('check')).toHaveLength(1);
  });

  it('records the time of the last good sync', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server, { now: () => Date.parse('2025-03-01T07:00:00Z') });

    await engine.sync();

    expect(await getMeta(META_KEYS.lastSyncAt)).toBe('2025-03-01T07:00:00.000Z');
  });
});
