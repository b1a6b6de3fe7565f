import { describe, expect, it } from 'vitest';
import { setMeta, META_KEYS } from '../../src/db.js';
import { endEpisode, startEpisode, updateEpisode } from '../../src/data/episodes.js';
import { detailsPath, lastNightToComplete, needsDetails, nextInQueue } from '../../src/data/last-night.js';

describe("last night's cramps to complete", () => {
  it('counts a cramp as needing details until pain, where, side and waking are given', () => {
    expect(needsDetails({ severity: null, muscle: 'calf', side: 'left', woke_from_sleep: true })).toBe(true);
    expect(needsDetails({ severity: 0, muscle: 'calf', side: 'left', woke_from_sleep: false })).toBe(false);
  });

  it('lists last night’s finished cramps that lack details, oldest first', async () => {
    await setMeta(META_KEYS.user, { id: 'u1', role: 'patient', timezone: 'UTC' });
    const now = new Date('2026-11-06T09:00:00Z');
    const first = await startEpisode({ muscle: 'calf' }, new Date('2026-11-06T02:00:00Z'));
    await endEpisode(first.id, new Date('2026-11-06T02:01:10Z'));
    const second = await startEpisode({ muscle: 'calf' }, new Date('2026-11-06T04:00:00Z'));
    await endEpisode(second.id, new Date('2026-11-06T04:00:30Z'));
    const done = await startEpisode({ muscle: 'foot', side: 'left' }, new Date('2026-11-06T03:00:00Z'));
    await updateEpisode(done.id, { severity: 4, woke_from_sleep: true, ended_at: '2026-11-06T03:01:00Z' });
    const older = await startEpisode({}, new Date('2026-11-04T02:00:00Z'));
    await endEpisode(older.id, new Date('2026-11-04T02:01:00Z'));

    expect((await lastNightToComplete(now)).map((episode) => episode.id)).toEqual([first.id, second.id]);
  });

  it('walks through the queue one cramp at a time', () => {
    expect(detailsPath('a', ['b', 'c'])).toBe('/diary/a?next=b,c');
    expect(nextInQueue('b,c')).toEqual({ id: 'b', rest: ['c'] });
    expect(nextInQueue('')).toEqual({ id: null, rest: [] });
    expect(nextInQueue(undefined)).toEqual({ id: null, rest: [] });
  });
});
