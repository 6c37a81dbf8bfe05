import { reportQuery, type ReportQuery } from '@mana/contracts';
import { UsageError } from '@mana/core';
import { resolveWindow, type ReportWindow } from '../window';

/**
 * `--since` and `--until` as the report reads them (a length or an instant; `now`
 * or an instant), checked against `now`: the query and its window, or a
 * `UsageError` with `usage` naming the flag. Shared by `npm run report` and
 * `npm run record:export`.
 */
export function parseWindowFlags(flags: { since?: string; until?: string }, now: Date, usage: string): { query: ReportQuery; window: ReportWindow } {
  const parsed = reportQuery.safeParse({ since: flags.since, until: flags.until });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '), usage);
  try {
    return { query: parsed.data, window: resolveWindow(parsed.data, now) };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
}
