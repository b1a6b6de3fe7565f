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
