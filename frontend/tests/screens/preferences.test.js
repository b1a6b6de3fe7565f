import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BEDSIDE_CHOICES,
  getBedsideChoices,
  mergeChoices,
  rememberBedsideChoices,
} from '../../src/data/preferences.js';

describe('bedside choices memory', () => {
  it('starts with the calf, no side and no pain rating', async () => {
    expect(await getBedsideChoices()).toEqual(DEFAULT_BEDSIDE_CHOICES);
  });

  it('remembers each choice on its own, keeping the others', async () => {
    await rememberBedsideChoices({ side: 'left' });
    await rememberBedsideChoices({ muscle: 'foot' });
    expect(await getBedsideChoices()).toEqual({ muscle: 'foot', side: 'left' });
  });

  it('never remembers pain, also a rating an older version stored', async () => {
    await rememberBedsideChoices({ severity: 7 });
    expect(await getBedsideChoices()).toEqual({ muscle: 'calf', side: null });
    expect(mergeChoices({ muscle: 'shin', severity: 7, colour: 'red' }, null)).toEqual({ muscle: 'shin', side: null });
  });
});
