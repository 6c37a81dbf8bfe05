import { REPORT_DURATION, type ReportQuery } from '@mana/contracts';
import { AppError } from '@mana/core';

/**
 * Time windows: a report's period (`resolveWindow`: since/until, and the
 * previous period of the same length) and the dashboard's `days` back from now
 * with its UTC day buckets (`windowOf`, built on the same).
 */

/** The period of a report and the previous period of the same length, ending where it starts. */
export interface ReportWindow {
  prevSince: Date;
  since: Date;
  until: Date;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** The longest period a report compares (with its previous period, 2 × this of history). */
export const MAX_REPORT_PERIOD_MS = 366 * UNIT_MS.d;

/**
 * Resolves `since` (a length such as `7d` before `until`, or an instant) and
 * `until` (`now` or an instant) against the clock. A period that is empty,
 * reversed or longer than a year is a VALIDATION error naming both ends.
 */
export function resolveWindow(query: ReportQuery, now: Date): ReportWindow {
  const until = query.until === 'now' ? now : new Date(query.until);
  const relative = REPORT_DURATION.exec(query.since);
  const since = relative ? new Date(until.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]) : new Date(query.since);
  const length = until.getTime() - since.getTime();
  if (!(length > 0))
    throw new AppError('VALIDATION', `since (${since.toISOString()}) must be before until (${until.toISOString()})`, {
      issues: [{ path: 'since', message: 'must be before until' }],
    });
  if (length > MAX_REPORT_PERIOD_MS)
    throw new AppError('VALIDATION', `the period from ${since.toISOString()} to ${until.toISOString()} is longer than 366 days`, {
      issues: [{ path: 'since', message: 'at most 366 days' }],
    });
  return { prevSince: new Date(since.getTime() - length), since, until };
}

const DAY_MS = UNIT_MS.d;

/** What the dashboard verbs read: the database and the clock. */
export interface DashboardDeps {
  database: { query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> };
  now: () => Date;
}

/** A window of `days` back from now, the same length before it, and its UTC day buckets (oldest first, no gaps). */
export interface Window {
  since: string;
  /** The instant the window ends (the clock when it was taken). */
  until: string;
  previousSince: string;
  days: string[];
}

/** The window of `days` ending now (a report period of `<days>d`); `days` lists every UTC date it touches. */
export function windowOf(now: Date, days: number): Window {
  const { prevSince, since, until } = resolveWindow({ since: `${days}d`, until: 'now' }, now);
  const list: string[] = [];
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= now.getTime(); t += DAY_MS) {
    list.push(new Date(t).toISOString().slice(0, 10));
  }
  return { since: since.toISOString(), until: until.toISOString(), previousSince: prevSince.toISOString(), days: list };
}
