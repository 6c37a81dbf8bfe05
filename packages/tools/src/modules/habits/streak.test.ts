import { describe, expect, it } from 'vitest';
import { periodOf, streakOf } from './streak';

const island = (first: string, last: string, periods: number) => ({ first, last, periods });

describe('streakOf', () => {
  it('no islands: zero', () => {
    expect(streakOf([], 'daily', '2026-11-26')).toEqual({ current: 0, longest: 0 });
  });
  it('daily: the island ending today or yesterday is the current streak', () => {
    expect(streakOf([island('2026-11-24', '2026-11-26', 3)], 'daily', '2026-11-26')).toEqual({ current: 3, longest: 3 });
    expect(streakOf([island('2026-11-24', '2026-11-25', 2)], 'daily', '2026-11-26')).toEqual({ current: 2, longest: 2 });
    expect(streakOf([island('2026-11-23', '2026-11-24', 2)], 'daily', '2026-11-26')).toEqual({ current: 0, longest: 2 });
  });
  it('longest comes from any island, in any order', () => {
    expect(streakOf([island('2026-11-25', '2026-11-26', 2), island('2026-11-01', '2026-11-05', 5)], 'daily', '2026-11-26')).toEqual({ current: 2, longest: 5 });
  });
  it('weekly: periods are Mondays; last week still counts this week', () => {
    expect(periodOf('2026-11-26', 'weekly')).toBe('2026-11-23');
    expect(periodOf('2027-01-03', 'weekly')).toBe('2026-12-28');
    expect(streakOf([island('2026-11-09', '2026-11-16', 2)], 'weekly', '2026-11-26')).toEqual({ current: 2, longest: 2 });
    expect(streakOf([island('2026-11-09', '2026-11-09', 1)], 'weekly', '2026-11-26')).toEqual({ current: 0, longest: 1 });
  });
});
