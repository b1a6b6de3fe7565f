import { describe, expect, it } from 'vitest';
import { describeTrend, weeklySummary } from '../../src/data/trends.js';

function episode(night, severity = null) {
  return { night_of: night, severity };
}

describe('weekly summary', () => {
  it('counts cramps and nights per Monday-based week, oldest first, with empty weeks', () => {
    const summary = weeklySummary(
      [episode('2026-11-23', 4), episode('2026-11-23', 8), episode('2026-11-29'), episode('2026-11-16', 5), episode('2026-01-01', 9)],
      { weeks: 3, today: '2026-11-24' },
    );
    expect(summary).toEqual([
      { week_start: '2026-11-09', partial: false, count: 0, nights: 0, rated: 0, average_severity: null },
      { week_start: '2026-11-16', partial: false, count: 1, nights: 1, rated: 1, average_severity: 5 },
      // Today is its Tuesday: the week is still going on.
      { week_start: '2026-11-23', partial: true, count: 3, nights: 2, rated: 2, average_severity: 6 },
    ]);
  });

  it('rounds the average pain to one decimal', () => {
    const [week] = weeklySummary([episode('2026-11-23', 1), episode('2026-11-23', 2), episode('2026-11-24', 2)], {
      weeks: 1,
      today: '2026-11-24',
    });
    expect(week.average_severity).toBe(1.7);
  });
});

describe('trend sentence', () => {
  it('says so when nothing was logged', () => {
    expect(describeTrend(weeklySummary([], { weeks: 12, today: '2026-11-24' }))).toBe('No cramps logged in these weeks.');
  });

  it('compares the last 4 weeks with the 4 before, without claiming a cause', () => {
    const episodes = [
      ...['2026-10-06', '2026-10-07', '2026-10-13', '2026-10-14', '2026-10-20', '2026-10-27', '2026-10-28', '2026-10-29'].map((night) => episode(night, 6)),
      episode('2026-11-10', 3),
      episode('2026-11-17', 5),
    ];
    const sentence = describeTrend(weeklySummary(episodes, { weeks: 12, today: '2026-11-24' }), { today: '2026-11-24' });
    // 2 cramps over the 22 nights from Mon 3 Nov to today: 2 x 7 / 22 = 0.6 a week.
    expect(sentence).toBe('In the last 4 weeks you logged 2 cramps, about 0.6 a week, fewer than the 4 weeks before. Average pain 4 out of 10.');
  });

  it('spreads a young diary over the nights it covers, and makes no comparison without a before', () => {
    // Begun on Mon 3 Nov: 6 cramps over 22 nights, not over the 28 of four weeks.
    const episodes = ['2026-11-03', '2026-11-05', '2026-11-10', '2026-11-12', '2026-11-17', '2026-11-24'].map((night) => episode(night, 5));
    const sentence = describeTrend(weeklySummary(episodes, { weeks: 12, today: '2026-11-24' }), {
      today: '2026-11-24',
      diaryFrom: '2026-11-03',
    });
    expect(sentence).toBe('In the last 4 weeks you logged 6 cramps, about 1.9 a week. Average pain 5 out of 10.');
  });
});
