import { describe, expect, it } from 'vitest';
import {
  adherencePercent,
  countChange,
  evidenceIds,
  matchesName,
  needsAttention,
  patientDate,
  rangeDates,
  sortByColumn,
} from '../../src/ui/care-team-text.js';

const patient = (name, fields = {}) => ({
  display_name: name,
  warning_signs: { count: 0, levels: { urgent: 0, advice: 0, info: 0 }, reviewed: 0 },
  adherence_14_days: { rate: null },
  ...fields,
});
const names = (rows) => rows.map((row) => row.display_name);

describe('the clinician’s patient table', () => {
  const rows = [
    patient('Bea', { cramps_last_7_days: 1, adherence_14_days: { rate: 0.9 }, last_cramp_at: '2026-11-20T02:00:00Z' }),
    patient('ada', { cramps_last_7_days: 4, adherence_14_days: { rate: 0.3 }, warning_signs: { count: 1, levels: { urgent: 0, advice: 1, info: 0 } } }),
    patient('Cy', { cramps_last_7_days: 2, warning_signs: { count: 1, levels: { urgent: 1, advice: 0, info: 0 } }, last_cramp_at: '2026-11-29T02:00:00Z' }),
  ];

  it('sorts each column the way it is read first, and reverses on request', () => {
    expect(names(sortByColumn(rows, 'warnings'))).toEqual(['Cy', 'ada', 'Bea']);
    expect(names(sortByColumn(rows, 'week'))).toEqual(['ada', 'Cy', 'Bea']);
    expect(names(sortByColumn(rows, 'adherence'))).toEqual(['ada', 'Bea', 'Cy']);
    expect(names(sortByColumn(rows, 'last_cramp'))).toEqual(['Cy', 'Bea', 'ada']);
    expect(names(sortByColumn(rows, 'name', false))).toEqual(['Cy', 'Bea', 'ada']);
  });

  it('needs attention: an unreviewed sign, or the plan done less than the threshold', () => {
    expect(rows.filter((row) => needsAttention(row, 0.5)).map((row) => row.display_name)).toEqual(['ada', 'Cy']);
    expect(needsAttention(patient('Dee', { adherence_14_days: { rate: 0.6 } }), 0.7)).toBe(true);
    expect(needsAttention(patient('Dee', { adherence_14_days: { rate: null } }), 0.7)).toBe(false);
  });

  it('finds a name ignoring case and accents', () => {
    expect(matchesName(patient('Zoë Ávila'), 'zoe av')).toBe(true);
    expect(matchesName(patient('Zoë Ávila'), 'bea')).toBe(false);
    expect(matchesName(patient('Zoë Ávila'), '  ')).toBe(true);
  });

  it('says the change in words and figures', () => {
    expect(countChange(4, 1)).toEqual({ text: '+3', spoken: 'up 3 on the 7 days before' });
    expect(countChange(1, 3, 28).text).toBe('−2');
    expect(countChange(2, 2).spoken).toBe('the same as the 7 days before');
    expect(adherencePercent({ rate: 0.456 })).toBe('46%');
    expect(adherencePercent({ rate: null })).toBe('No steps due');
  });
});

describe('a patient’s diary', () => {
  it('shows the year only when it is not this year, in the patient’s zone', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(patientDate('2026-11-04T18:00:00Z', 'Asia/Tokyo', { now })).not.toMatch(/2026/);
    expect(patientDate('2025-11-04T18:00:00Z', 'Asia/Tokyo', { now })).toMatch(/2025/);
    expect(patientDate('2025-11-04T18:00:00Z', 'Asia/Tokyo', { now })).toMatch(/03:00/);
    // New Year's Eve in London is already New Year's Day in Tokyo.
    expect(patientDate('2025-12-31T20:00:00Z', 'Asia/Tokyo', { now: new Date('2026-01-02T00:00:00Z') })).not.toMatch(/2025|2026/);
  });

  it('counts a period back from the patient’s today', () => {
    expect(rangeDates(28, '2026-12-03')).toEqual({ from: '2026-11-06', to: '2026-12-03' });
  });

  it('knows which cramps each warning sign is based on', () => {
    const signs = evidenceIds([
      { message: 'Swelling with a calf cramp', evidence: { episode_ids: ['e1'] } },
      { message: 'More than 3 cramps in 7 days', evidence: { episodes: [{ id: 'e1' }, { id: 'e2' }] } },
    ]);
    expect(signs.get('e1')).toHaveLength(2);
    expect(signs.get('e2')).toEqual(['More than 3 cramps in 7 days']);
  });
});
