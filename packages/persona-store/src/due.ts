import type { DueResponse } from '@mana/contracts';
import { cursorAfter, scanCandidates } from './due-scan';
import { DEFAULT_MAX_ATTEMPTS, type PersonaDeps } from './persona-deps';
import { toProfile } from './profile';

/** At most this many scan pages per call, so a pathological table cannot make `/due` unbounded. */
const MAX_PAGES = 20;

/**
 * Personas due now, never-run first (read-only; `/claim` is what takes them).
 * Due: the current slot in the persona's time zone has no succeeded tick, no
 * live lease, its back-off has elapsed and it has attempts left.
 */
export async function listDue(deps: PersonaDeps, input: { limit: number }): Promise<DueResponse> {
  const now = deps.now();
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const due: DueResponse['personas'] = [];
  let after: ReturnType<typeof cursorAfter>;
  for (let page = 0; page < MAX_PAGES && due.length < input.limit; page++) {
    const pageSize = Math.max(input.limit - due.length, 50);
    const candidates = await scanCandidates(deps.database.db, { now, limit: pageSize, maxAttempts, lock: false, after });
    for (const c of candidates) if (c.verdict.due && due.length < input.limit) due.push(toProfile(c.row));
    if (candidates.length < pageSize) break;
    after = cursorAfter(candidates);
  }
  return { personas: due, serverTime: now.toISOString() };
}
