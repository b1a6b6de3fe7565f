import { describe, expect, it } from 'vitest';
import { addDays, fromLocalInputValue, hasSeconds, localDate, nightOf, toLocalInputValue, weekStart } from '../../src/data/time.js';

describe('calendar helpers', () => {
  it('moves across months and a clock change without losing a day', () => {
    expect(addDays('2026-10-31', 1)).toBe('2026-11-01');
    expect(addDays('2026-03-29', -1)).toBe('2026-03-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('starts weeks on Monday', () => {
    expect(weekStart('2026-11-24')).toBe('2026-11-23'); // Tuesday
    expect(weekStart('2026-11-23')).toBe('2026-11-23'); // Monday
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // Sunday
  });

  it('gives the local date in a time zone', () => {
    expect(localDate(new Date('2026-11-05T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-06');
    expect(localDate(new Date('2026-11-05T23:30:00Z'), 'UTC')).toBe('2026-11-05');
  });

  it('counts the small hours and the morning as the night before, the evening as that night', () => {
    expect(nightOf('2026-11-05T03:00:00Z', 'UTC')).toBe('2026-11-04');
    expect(nightOf('2026-11-05T11:59:00Z', 'UTC')).toBe('2026-11-04');
    expect(nightOf('2026-11-05T12:00:00Z', 'UTC')).toBe('2026-11-05');
    expect(nightOf('2026-11-05T22:00:00Z', 'UTC')).toBe('2026-11-05');
    expect(nightOf('2026-11-05T22:00:00Z', 'Europe/Berlin')).toBe('2026-11-05'); // 23:00 local
    expect(nightOf('2026-11-05T23:30:00Z', 'Europe/Berlin')).toBe('2026-11-05'); // 00:30 local on the 6th
  });

  it('falls back to the device zone for an unknown zone name', () => {
    expect(() => nightOf('2026-11-05T03:00:00Z', 'Not/AZone')).not.toThrow();
  });

  it('keeps the seconds of a timed cramp through the form field and back', () => {
    const timed = '2026-11-05T02:14:37.250Z';
    expect(hasSeconds(timed)).toBe(true);
    expect(toLocalInputValue(timed)).toMatch(/T\d\d:\d\d:37$/);
    expect(Date.parse(fromLocalInputValue(toLocalInputValue(timed)))).toBe(Date.parse('2026-11-05T02:14:37Z'));
  });

  it('stops at the minute for a time typed to the minute', () => {
    expect(hasSeconds('2026-11-05T02:14:00.000Z')).toBe(false);
    expect(toLocalInputValue('2026-11-05T02:14:00.000Z')).toMatch(/T\d\d:14$/);
  });
});
