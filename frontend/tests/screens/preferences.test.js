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
    await rememberBedsideChoices({ severity: 7 });
    await rememberBedsideChoices({ muscle: 'foot' });
    expect(await getBedsideChoices()).toEqual({ muscle: 'foot', side: 'left', severity: 7 });
  });

  it('drops keys it does not know and keeps a 0 rating', () => {
    expect(mergeChoices({ muscle: 'shin', colour: 'red' }, { severity: 0 })).toEqual({ muscle: 'shin', side: null, severity: 0 });
  });
});
