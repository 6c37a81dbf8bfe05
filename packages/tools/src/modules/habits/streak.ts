import { addDays, weekStart } from '../../shared/dates';

export type Cadence = 'daily' | 'weekly';

/** A run of consecutive periods (days, or ISO weeks by their Monday) that each have a check-in. */
export interface Island {
  first: string;
  last: string;
  periods: number;
}

export interface Streak {
  /** Periods in a row up to now; still alive when the current period has no check-in yet but the previous one has. */
  current: number;
  longest: number;
}

/** Days per period of a cadence. */
export const periodDays = (cadence: Cadence) => (cadence === 'daily' ? 1 : 7);

/** The period a day belongs to: the day itself, or the Monday of its ISO week. */
export const periodOf = (day: string, cadence: Cadence) => (cadence === 'daily' ? day : weekStart(day));

/** Current and longest streak from a habit's islands (any order). */
export function streakOf(islands: Island[], cadence: Cadence, today: string): Streak {
  if (islands.length === 0) return { current: 0, longest: 0 };
  const latest = islands.reduce((a, b) => (b.last > a.last ? b : a));
  const present = periodOf(today, cadence);
  const alive = latest.last === present || addDays(latest.last, periodDays(cadence)) === present;
  return { current: alive ? latest.periods : 0, longest: Math.max(...islands.map((island) => island.periods)) };
}
