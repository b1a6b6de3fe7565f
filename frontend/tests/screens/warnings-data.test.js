import { describe, expect, it } from 'vitest';
import { PENDING, normaliseWarnings } from '../../src/data/warnings.js';

const sign = (code, level, tokens, extra = {}) => ({ code, level, message: `${code} seen`, tokens, occurrence: `${code}-x`, ...extra });

describe('warning signs with what the patient did about them', () => {
  it('counts a sign as seen when a mark for the same rule covers all its evidence', () => {
    const [warning] = normaliseWarnings([sign('frequent', 'advice', ['e:1', 'e:2'])], [
      { code: 'frequent', tokens: ['e:1', 'e:2', 'e:3'], acknowledged_at: '2026-11-30T08:00:00Z' },
    ]);

    expect(warning.seenAt).toBe('2026-11-30T08:00:00Z');
  });

  it('brings a sign back when new evidence arrives', () => {
    const [warning] = normaliseWarnings([sign('frequent', 'advice', ['e:1', 'e:4'])], [
      { code: 'frequent', tokens: ['e:1', 'e:2'], acknowledged_at: '2026-11-30T08:00:00Z' },
    ]);

    expect(warning.seenAt).toBeNull();
  });

  it('counts a mark made offline as seen before the server has it', () => {
    const [warning] = normaliseWarnings([sign('quinine', 'urgent', ['m:quinine|quinine'])], [
      { code: 'quinine', tokens: ['m:quinine|quinine'], acknowledged: true },
    ]);

    expect(warning.seenAt).toBe(PENDING);
  });

  it('never lets a mark of another rule cover a sign', () => {
    const [warning] = normaliseWarnings([sign('long_episode', 'advice', ['e:1'])], [
      { code: 'severe_unrelieved', tokens: ['e:1'], acknowledged_at: '2026-11-30T08:00:00Z' },
    ]);

    expect(warning.seenAt).toBeNull();
  });

  it('puts urgent first and, within a level, new before seen', () => {
    const ordered = normaliseWarnings(
      [sign('frequent', 'advice', ['e:1']), sign('long_episode', 'advice', ['e:2']), sign('swelling_redness', 'urgent', ['e:3'])],
      [{ code: 'frequent', tokens: ['e:1'], acknowledged_at: '2026-11-30T08:00:00Z' }],
    );

    expect(ordered.map((warning) => warning.code)).toEqual(['swelling_redness', 'long_episode', 'frequent']);
  });

  it('shows the latest review of a covering mark when the server has not sent one', () => {
    const [warning] = normaliseWarnings([sign('frequent', 'advice', ['e:1'])], [
      { code: 'frequent', tokens: ['e:1'], reviewed_at: '2026-11-29T10:00:00Z', reviewer_name: 'Dr Lee', review_note: 'Fine.' },
    ]);

    expect(warning.review).toEqual({ reviewed_at: '2026-11-29T10:00:00Z', reviewer: 'Dr Lee', note: 'Fine.' });
  });
});
