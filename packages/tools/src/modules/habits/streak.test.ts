import { describe, expect, it } from 'vitest';
import { computeStreak } from './streak';

describe('computeStreak', () => {
  it('daily: counts the run ending today', () => {
    expect(computeStreak(['2026-11-24', '2026-11-25', '2026-11-26'], 'daily', '2026-11-26')).toEqual({ current: 3, longest: 3 });
  });
  it('daily: a run ending yesterday is still alive today', () => {
    expect(computeStreak(['2026-11-24', '2026-11-25'], 'daily', '2026-11-26')).toEqual({ current: 2, longest: 2 });
  });
  it('daily: a gap of a day breaks it; longest remembers the best run', () => {
    expect(computeStreak(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-24'], 'daily', '2026-11-26')).toEqual({ current: 0, longest: 3 });
  });
  it('daily: runs across month and year ends, duplicates and order do not matter', () => {
    expect(computeStreak(['2027-01-01', '2026-12-31', '2026-12-31', '2026-12-30'], 'daily', '2027-01-01')).toEqual({ current: 3, longest: 3 });
  });
  it('weekly: consecutive ISO weeks count, whatever the weekday', () => {
    // Mon 2026-11-09, Sun 2026-11-22, Thu 2026-11-26: three weeks in a row.
    expect(computeStreak(['2026-11-09', '2026-11-22', '2026-11-26'], 'weekly', '2026-11-26')).toEqual({ current: 3, longest: 3 });
    expect(computeStreak(['2026-11-09', '2026-11-22'], 'weekly', '2026-11-26')).toEqual({ current: 2, longest: 2 });
    expect(computeStreak(['2026-11-09'], 'weekly', '2026-11-26')).toEqual({ current: 0, longest: 1 });
  });
  it('no check-ins: zero', () => {
    expect(computeStreak([], 'daily', '2026-11-26')).toEqual({ current: 0, longest: 0 });
  });
});
