import { describe, expect, it } from 'vitest';
import { nextBirthday } from './birthdays';

describe('nextBirthday', () => {
  it('later this year', () => {
    expect(nextBirthday('1990-12-24', '2026-11-26')).toEqual({ date: '2026-12-24', daysUntil: 28, turns: 36 });
  });
  it('today counts as upcoming, with zero days to go', () => {
    expect(nextBirthday('1990-11-26', '2026-11-26')).toEqual({ date: '2026-11-26', daysUntil: 0, turns: 36 });
  });
  it('already passed this year: next year, across the year end', () => {
    expect(nextBirthday('2000-01-03', '2026-12-30')).toEqual({ date: '2027-01-03', daysUntil: 4, turns: 27 });
  });
  it('29 February: 28 February in common years, 29 in leap years', () => {
    expect(nextBirthday('2004-02-29', '2027-02-01')).toEqual({ date: '2027-02-28', daysUntil: 27, turns: 23 });
    expect(nextBirthday('2004-02-29', '2028-02-01')).toEqual({ date: '2028-02-29', daysUntil: 28, turns: 24 });
    expect(nextBirthday('2004-02-29', '2027-03-01')).toEqual({ date: '2028-02-29', daysUntil: 365, turns: 24 });
  });
});
