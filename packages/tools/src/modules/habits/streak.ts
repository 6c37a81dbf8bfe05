import { addDays, weekStart } from '../../shared/dates';

export type Cadence = 'daily' | 'weekly';

export interface Streak {
  /** Periods in a row up to now; still alive when the current period has no check-in yet but the previous one has. */
  current: number;
  longest: number;
}

/**
 * Streaks over check-in days (`YYYY-MM-DD`, any order, duplicates allowed).
 * A period is a day for daily habits and an ISO week (Monday start) for weekly
 * ones; a streak is a run of periods that each have at least one check-in.
 */
export function computeStreak(days: string[], cadence: Cadence, today: string): Streak {
  const step = cadence === 'daily' ? 1 : 7;
  const periodOf = cadence === 'daily' ? (day: string) => day : weekStart;
  const periods = [...new Set(days.map(periodOf))].sort();

  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const period of periods) {
    run = previous !== undefined && addDays(previous, step) === period ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = period;
  }

  const present = periodOf(today);
  const last = periods.at(-1);
  const alive = last === present || (last !== undefined && addDays(last, step) === present);
  return { current: alive ? run : 0, longest };
}
