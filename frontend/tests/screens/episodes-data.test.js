import { describe, expect, it } from 'vitest';
import { META_KEYS, STORES, getDb, setMeta } from '../../src/db.js';
import {
  RESUME_WINDOW_MS,
  deleteEpisode,
  endEpisode,
  getEpisode,
  groupByNight,
  listEpisodes,
  runningEpisode,
  startEpisode,
  updateEpisode,
} from '../../src/data/episodes.js';

async function outboxEntries() {
  return (await getDb()).getAll(STORES.outbox);
}

describe('the bedside draft', () => {
  it('is stored with its outbox entry the moment it starts', async () => {
    const episode = await startEpisode({ muscle: 'calf', side: 'left' }, new Date('2026-11-05T02:10:00Z'));
    const stored = await (await getDb()).get(STORES.episodes, episode.id);
    expect(stored).toMatchObject({ muscle: 'calf', side: 'left', started_at: '2026-11-05T02:10:00.000Z' });
    expect(stored.ended_at).toBeUndefined();
    const [entry] = await outboxEntries();
    expect(entry).toMatchObject({ entity: 'episode', op: 'upsert', id: episode.id });
    expect(entry.fields).toEqual({ muscle: 'calf', side: 'left', started_at: '2026-11-05T02:10:00.000Z' });
  });

  it('never fills in pain, even when asked to carry a rating over', async () => {
    const episode = await startEpisode({ muscle: 'calf', side: 'left', severity: 7 });
    const stored = await (await getDb()).get(STORES.episodes, episode.id);
    expect(stored.severity).toBeUndefined();
    const [entry] = await outboxEntries();
    expect(entry.fields).not.toHaveProperty('severity');
  });

  it('discarded before it synced, leaves nothing in the outbox', async () => {
    const episode = await startEpisode({ muscle: 'calf' });
    await deleteEpisode(episode.id);
    expect(await (await getDb()).get(STORES.episodes, episode.id)).toBeUndefined();
    expect(await outboxEntries()).toEqual([]);
  });

  it('sends no field it does not know yet', async () => {
    await startEpisode({ muscle: 'foot', side: null, severity: null });
    const [entry] = await outboxEntries();
    expect(Object.keys(entry.fields).sort()).toEqual(['muscle', 'started_at']);
  });

  it('keeps choices and the end in one unsent change', async () => {
    const episode = await startEpisode({ muscle: 'calf' });
    await updateEpisode(episode.id, { side: 'right' });
    await endEpisode(episode.id, new Date(Date.parse(episode.started_at) + 90_000));
    const entries = await outboxEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0].fields).toMatchObject({ muscle: 'calf', side: 'right' });
    expect(entries[0].fields.ended_at).toBeTruthy();
  });

  it('is resumed while recent and not after the window', async () => {
    const started = new Date('2026-11-05T02:00:00Z');
    const episode = await startEpisode({}, started);
    expect((await runningEpisode(started.getTime() + 60_000))?.id).toBe(episode.id);
    expect(await runningEpisode(started.getTime() + RESUME_WINDOW_MS + 1)).toBeNull();
    await endEpisode(episode.id, new Date(started.getTime() + 30_000));
    expect(await runningEpisode(started.getTime() + 60_000)).toBeNull();
  });

  it('disappears locally when deleted, and never reaches the server if never sent', async () => {
    const episode = await startEpisode({ muscle: 'calf' });
    await deleteEpisode(episode.id);
    expect(await getEpisode(episode.id)).toBeNull();
    expect(await outboxEntries()).toHaveLength(0);
  });
});

describe('night_of', () => {
  it('puts a cramp before noon on the night before, in the profile time zone', async () => {
    await setMeta(META_KEYS.user, { id: 'u1', timezone: 'America/New_York' });
    // 03:00 in New York on the 5th
    const early = await startEpisode({}, new Date('2026-11-05T08:00:00Z'));
    // 21:00 in New York on the 5th (02:00 UTC on the 6th)
    const evening = await startEpisode({}, new Date('2026-11-06T02:00:00Z'));
    expect((await getEpisode(early.id)).night_of).toBe('2026-11-04');
    expect((await getEpisode(evening.id)).night_of).toBe('2026-11-05');
  });

  it("uses the server's night_of when there is one", async () => {
    const db = await getDb();
    await db.put(STORES.episodes, { id: 'e1', started_at: '2026-11-05T08:00:00Z', night_of: '2026-11-01', version: 3 });
    expect((await getEpisode('e1')).night_of).toBe('2026-11-01');
  });
});

describe('the diary list', () => {
  it('filters by night and lists the newest first', async () => {
    await setMeta(META_KEYS.user, { id: 'u1', timezone: 'UTC' });
    await startEpisode({}, new Date('2026-11-01T23:00:00Z')); // night of 1st
    await startEpisode({}, new Date('2026-11-03T02:00:00Z')); // night of 2nd
    await startEpisode({}, new Date('2026-11-04T02:00:00Z')); // night of 3rd
    const list = await listEpisodes({ from: '2026-11-02', to: '2026-11-03' });
    expect(list.map((episode) => episode.night_of)).toEqual(['2026-11-03', '2026-11-02']);
  });

  it('groups cramps by night, newest night first, each night in time order', () => {
    const episodes = [
      { id: 'c', night_of: '2026-11-04', started_at: '2026-11-05T03:00:00Z' },
      { id: 'b', night_of: '2026-11-04', started_at: '2026-11-04T23:00:00Z' },
      { id: 'a', night_of: '2026-11-02', started_at: '2026-11-03T01:00:00Z' },
      { id: 'd', night_of: '2026-11-10', started_at: '2026-11-10T22:00:00Z' },
    ];
    const nights = groupByNight(episodes);
    expect(nights.map((night) => night.night_of)).toEqual(['2026-11-10', '2026-11-04', '2026-11-02']);
    expect(nights[1].episodes.map((episode) => episode.id)).toEqual(['b', 'c']);
  });
});
