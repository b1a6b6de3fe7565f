import { describe, expect, it } from 'vitest';
import { META_KEYS, setMeta } from '../../src/db.js';
import { getReference, labelFor, options } from '../../src/data/reference.js';
import { getWarnings, normaliseWarnings } from '../../src/data/warnings.js';

describe('reference vocabularies', () => {
  it('works before the first sync from the built-in codes', async () => {
    const reference = await getReference();
    expect(options(reference, 'muscles').map((option) => option.code)).toContain('calf');
    expect(labelFor(reference, 'muscles', 'hamstrings')).toBe('Back of thigh');
    expect(labelFor(reference, 'triggers', 'hot_weather')).toBe('Hot weather');
  });

  it("uses the server's labels and starters once synced", async () => {
    await setMeta(META_KEYS.reference, {
      vocabularies: { muscles: [{ code: 'calf', label: 'Calf (lower leg)' }] },
      care_plan_starters: [{ key: 's', title: 'Stretch' }],
    });
    const reference = await getReference();
    expect(labelFor(reference, 'muscles', 'calf')).toBe('Calf (lower leg)');
    expect(reference.care_plan_starters).toHaveLength(1);
    expect(options(reference, 'sides')).toHaveLength(3); // missing vocabulary: the fallback
  });
});

describe('warnings', () => {
  it('puts urgent ones first and ignores empty entries', () => {
    const warnings = normaliseWarnings({
      warnings: [
        { code: 'frequent', level: 'advice', message: 'Many cramps' },
        { code: 'quinine', level: 'urgent', message: 'Quinine' },
        { code: 'x', level: 'info' },
        { code: 'risk_condition', level: 'info', message: 'Check-ins' },
      ],
    });
    expect(warnings.map((warning) => warning.code)).toEqual(['quinine', 'frequent', 'risk_condition']);
  });

  it('reads a plain list from meta, and nothing when there is none', async () => {
    expect(await getWarnings()).toEqual([]);
    await setMeta(META_KEYS.warnings, [{ code: 'long_episode', level: 'advice', message: 'Long one' }]);
    expect((await getWarnings())[0].code).toBe('long_episode');
  });
});

describe('insights from the server', () => {
  it('are absent before the first sync', async () => {
    const { getInsights } = await import('../../src/data/insights.js');
    expect(await getInsights()).toBeNull();
  });

  it('rank what helped, keep bedtime comparisons with nights, and index research notes by item', async () => {
    const { bedtimeComparisons, evidenceByItem, getInsights, helpedReliefs } = await import('../../src/data/insights.js');
    await setMeta(META_KEYS.insights, {
      reliefs: [
        { method: 'massage', tried: 2, helped: 1, helped_rate: 0.5 },
        { method: 'heat', tried: 0, helped: 0, helped_rate: 0 },
        { method: 'stretching', tried: 4, helped: 4, helped_rate: 1 },
      ],
      bedtime_nights: [
        { item_id: 'a', title: 'Stretch', done: { nights: 5, nights_with_cramps: 1 }, skipped: { nights: 2, nights_with_cramps: 2 } },
        { item_id: 'b', title: 'Toes up', done: { nights: 0 }, skipped: { nights: 0 } },
      ],
      evidence: [{ item_id: 'a', notes: [{ text: 'Worth trying.', citation: 'Trial 2012' }] }, { item_id: 'b', notes: [] }],
    });
    const insights = await getInsights();
    expect(helpedReliefs(insights).map((relief) => relief.method)).toEqual(['stretching', 'massage']);
    expect(bedtimeComparisons(insights).map((entry) => entry.item_id)).toEqual(['a']);
    const notes = evidenceByItem(insights);
    expect([...notes.keys()]).toEqual(['a']);
  });
});
