import { REPORT_DURATION, type ReportQuery } from '@mana/contracts';
import { AppError } from '@mana/core';

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
  if (!(length > 0)) throw new AppError('VALIDATION', `since (${since.toISOString()}) must be before until (${until.toISOString()})`, { issues: [{ path: 'since', message: 'must be before until' }] });
  if (length > MAX_REPORT_PERIOD_MS) throw new AppError('VALIDATION', `the period from ${since.toISOString()} to ${until.toISOString()} is longer than 366 days`, { issues: [{ path: 'since', message: 'at most 366 days' }] });
  return { prevSince: new Date(since.getTime() - length), since, until };
}
