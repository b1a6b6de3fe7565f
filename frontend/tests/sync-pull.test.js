import { describe, expect, it } from 'vitest';
import { META_KEYS, STORES, getDb, getMeta } from '../src/db.js';
import { deleteLocal, pendingCount, writeLocal } from '../src/outbox.js';
import { createTestEngine } from './helpers/engine.js';
import { createFakeServer } from './helpers/fake-server.js';

async function localRecord(store, id) {
  return (await getDb()).get(store, id);
}

async function localCount(store) {
  return (await getDb()).count(store);
}

function pullQueries(server) {
  return server.requests.filter((request) => request.path === '/api/v1/sync/pull').map((request) => request.query);
}

describe('pull', () => {
  it('downloads every page and keeps the last cursor', async () => {
    const server = createFakeServer();
    server.seedEpisodes(1200);
    const { engine } = await createTestEngine(server);

    expect(await engine.sync()).toBe('synced');

    expect(pullQueries(server)).toEqual([
      '?limit=500',
      '?cursor=500&limit=500',
      '?cursor=1000&limit=500',
    ]);
    expect(await localCount(STORES.episodes)).toBe(1200);
    expect(await getMeta(META_KEYS.cursor)).toBe(1200);
    expect(await localRecord(STORES.episodes, 'seed-7')).toEqual({ id: 'seed-7', severity: 7, version: 1 });
  });

  it('commits a page and its cursor together or not at all', async () => {
    const server = createFakeServer();
    server.seedEpisodes(700);
    server.editPullPage = (page, request) => {
      if (!request.query.includes('cursor=500')) return page;
      // A change the device cannot store (no key) in the middle of the second page.
      const changes = [...page.changes];
      changes.splice(100, 0, { entity: 'episode', id: null, version: 1, deleted: false, data: {} });
      return { ...page, changes };
    };
    const { engine } = await createTestEngine(server);

    expect(await engine.sync()).toBe('error');

    expect(await localCount(STORES.episodes)).toBe(500); // page 1 only, nothing of page 2
    expect(await localRecord(STORES.episodes, 'seed-550')).toBeUndefined();
    expect(await getMeta(META_KEYS.cursor)).toBe(500);

    server.editPullPage = null;
    expect(await engine.sync()).toBe('synced');
    expect(await localCount(STORES.episodes)).toBe(700);
    expect(pullQueries(server).at(-1)).toBe('?cursor=500&limit=500'); // resumed, not restarted
  });

  it('keeps pending local edits on top of pulled changes', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 5, notes: 'calf' });
    await writeLocal('episode', { id: 'e2', severity: 3 });
    await engine.sync();
    // Another device changes both records; this device edits e1 and deletes e2 before syncing.
    server.applyFromOtherDevice([
      { entity: 'episode', op: 'upsert', id: 'e1', base_version: 1, fields: { severity: 9, notes: 'theirs' } },
      { entity: 'episode', op: 'upsert', id: 'e2', base_version: 1, fields: { severity: 4 } },
    ]);
    await writeLocal('episode', { id: 'e1', notes: 'mine' });
    await deleteLocal('episode', 'e2');

    await engine.pullChanges();

    expect(await localRecord(STORES.episodes, 'e1')).toEqual({
      id: 'e1',
      severity: 9, // their change to a field this device didn't touch shows at once
      notes: 'mine', // this device's pending edit stays
      version: 2,
    });
    expect(await localRecord(STORES.episodes, 'e2')).toBeUndefined();
    expect(await pendingCount()).toBe(2);
  });

  it('removes records the server deleted', async () => {
    const server = createFakeServer();
    server.seedEpisodes(2);
    const { engine } = await createTestEngine(server);
    await engine.sync();
    server.applyFromOtherDevice([{ entity: 'episode', op: 'delete', id: 'seed-0', base_version: 1 }]);

    await engine.sync();

    expect(await localRecord(STORES.episodes, 'seed-0')).toBeUndefined();
    expect(await localRecord(STORES.episodes, 'seed-1')).toBeDefined();
  });

  it('downloads everything again after 410 and keeps the outbox', async () => {
    const server = createFakeServer();
    server.seedEpisodes(3);
    const { engine } = await createTestEngine(server);
    await engine.sync();
    // While this device was away, seed-0 was deleted and its tombstone purged: only a full
    // download can tell this device it's gone.
    server.applyFromOtherDevice([{ entity: 'episode', op: 'delete', id: 'seed-0', base_version: 1 }]);
    server.applyFromOtherDevice([{ entity: 'episode', op: 'upsert', id: 'seed-2', base_version: 1, fields: { severity: 10 } }]);
    server.purgeTombstones();
    await writeLocal('episode', { id: 'seed-1', notes: 'pending edit' });
    await writeLocal('episode', { id: 'new-one', severity: 2 });

    const outcome = await engine.pullChanges();

    expect(outcome.restarted).toBe(true);
    expect(pullQueries(server).slice(-2)).toEqual(['?cursor=3&limit=500', '?limit=500']);
    expect(await localRecord(STORES.episodes, 'seed-0')).toBeUndefined();
    expect(await localRecord(STORES.episodes, 'seed-1')).toMatchObject({ notes: 'pending edit' });
    expect(await localRecord(STORES.episodes, 'seed-2')).toMatchObject({ severity: 10 });
    expect(await localRecord(STORES.episodes, 'new-one')).toMatchObject({ severity: 2 });
    expect(await pendingCount()).toBe(2);
    expect(await getMeta(META_KEYS.cursor)).toBe(server.changeSeq);
  });

  it('drops on the first pull a record the server deleted before it (first pulls skip deletions)', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'pushed', severity: 5 });
    await writeLocal('episode', { id: 'kept', severity: 2 });
    server.failNext('/sync/pull', 'network');
    expect(await engine.sync()).toBe('offline'); // pushed, but no first pull yet: no cursor
    expect(await localRecord(STORES.episodes, 'pushed')).toMatchObject({ version: 1 });
    server.applyFromOtherDevice([{ entity: 'episode', op: 'delete', id: 'pushed', base_version: 1 }]);
    await writeLocal('episode', { id: 'offline-new', severity: 1 }); // pending: must survive

    await engine.pullChanges();

    expect(pullQueries(server).at(-1)).toBe('?limit=500');
    expect(await localRecord(STORES.episodes, 'pushed')).toBeUndefined();
    expect(await localRecord(STORES.episodes, 'kept')).toMatchObject({ severity: 2, version: 1 });
    expect(await localRecord(STORES.episodes, 'offline-new')).toMatchObject({ severity: 1 });
    expect(await pendingCount()).toBe(1);
    expect(await getMeta(META_KEYS.cursor)).toBe(server.changeSeq);
  });

  it('replaces local records atomically with the first page: a failed page keeps them', async () => {
    const server = createFakeServer();
    server.seedEpisodes(2);
    const { engine } = await createTestEngine(server);
    await engine.sync();
    server.applyFromOtherDevice([{ entity: 'episode', op: 'delete', id: 'seed-0', base_version: 1 }]);
    server.purgeTombstones();
    server.editPullPage = (page, request) =>
      request.query.includes('cursor') ? page : { ...page, changes: [...page.changes, { entity: 'episode', id: null }] };

    expect(await engine.sync()).toBe('error'); // 410, then a first page that can't be stored

    expect(await localCount(STORES.episodes)).toBe(2); // nothing removed without the page
    server.editPullPage = null;
    expect(await engine.sync()).toBe('synced');
    expect(await localRecord(STORES.episodes, 'seed-0')).toBeUndefined();
    expect(await localRecord(STORES.episodes, 'seed-1')).toBeDefined();
  });

  it('never replaces a newer local copy with an older server one', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);
    await writeLocal('episode', { id: 'e1', severity: 5 });
    await writeLocal('episode', { id: 'e2', severity: 3 });
    await engine.sync();
    await writeLocal('episode', { id: 'e1', severity: 7 });
    await writeLocal('episode', { id: 'e2', severity: 4 });
    await engine.sync(); // both at version 2 here and on the server
    // A late or replayed page carries versions 1 of both, one of them a delete.
    server.editPullPage = (page) => ({
      ...page,
      changes: [
        { entity: 'episode', id: 'e1', version: 1, deleted: false, data: { id: 'e1', severity: 5, version: 1 } },
        { entity: 'episode', id: 'e2', version: 1, deleted: true, data: null },
      ],
    });

    await engine.pullChanges();

    expect(await localRecord(STORES.episodes, 'e1')).toEqual({ id: 'e1', severity: 7, version: 2 });
    expect(await localRecord(STORES.episodes, 'e2')).toEqual({ id: 'e2', severity: 4, version: 2 });
  });

  it('ignores entities this version of the app does not know', async () => {
    const server = createFakeServer();
    server.seedEpisodes(1);
    server.editPullPage = (page) => ({
      ...page,
      changes: [{ entity: 'reminder', id: 'r1', version: 1, deleted: false, data: {} }, ...page.changes],
    });
    const { engine } = await createTestEngine(server);

    expect(await engine.sync()).toBe('synced');
    expect(await localCount(STORES.episodes)).toBe(1);
  });
});

describe('server views', () => {
  it('are stored in meta after a sync', async () => {
    const server = createFakeServer();
    const { engine } = await createTestEngine(server);

    await engine.sync();

    expect(await getMeta(META_KEYS.reference)).toEqual({ muscles: { calf: 'Calf' } });
    expect(await getMeta(META_KEYS.warnings)).toEqual([{ code: 'frequent', level: 'advice' }]);
    expect(await getMeta(META_KEYS.insights)).toEqual({ days: 90 });
  });

  it('tolerate a server without warnings and insights yet', async () => {
    const server = createFakeServer();
    server.missingViews = new Set(['/api/v1/warnings', '/api/v1/insights']);
    const { engine } = await createTestEngine(server);

    expect(await engine.sync()).toBe('synced');

    expect(await getMeta(META_KEYS.reference)).toBeDefined();
    expect(await getMeta(META_KEYS.warnings)).toBeUndefined();
  });

  it('fetch the reference vocabularies at most once a day', async () => {
    const server = createFakeServer();
    let clock = Date.parse('2025-03-01T07:00:00Z');
    const { engine } = await createTestEngine(server, { now: () => clock });

    await engine.sync();
    clock += 60 * 60 * 1000;
    await engine.sync();
    clock += 24 * 60 * 60 * 1000;
    await engine.sync();

    const referenceCalls = server.requests.filter((request) => request.path === '/api/v1/reference');
    expect(referenceCalls).toHaveLength(2);
  });
});
