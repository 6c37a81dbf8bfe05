import type { ActionReport, FeedbackReport } from '@mana/contracts';
import { seededRandom, type Random } from '@mana/core';
import { claimDue } from '../personas/claim';
import { completeTick } from '../personas/complete';
import type { PersonaDeps } from '../personas/persona-deps';
import { insertPersonas } from '../personas/test-fixtures';

/** One tool call a test day produces (the verbs store it as an action row). */
export type TestCall = Omit<ActionReport, 'tickId' | 'callId' | 'inputHash' | 'attempt'>;

/** What one persona did and said on one day of a test history. */
export interface TestDay {
  calls: TestCall[];
  ratings: Omit<FeedbackReport, 'tickId'>[];
}

export interface TestHistoryOptions {
  days: number;
  personas: number;
  /** The last simulated day ends here (claims happen at 10:00 UTC of each day). */
  until: Date;
  seed: number;
  /** What persona `p` does on day `day` (1 = first day), with the history's random source. */
  day: (input: { day: number; persona: number; random: Random }) => TestDay;
}

/**
 * Writes a history through the real persona verbs (claim, then complete with
 * actions and ratings) on a movable clock: daily personas in UTC, one tick per
 * persona per day. `setNow` moves the deps' clock.
 */
export async function writeTestHistory(deps: PersonaDeps, setNow: (at: Date) => void, options: TestHistoryOptions): Promise<void> {
  const random = seededRandom(options.seed);
  const ids = Array.from({ length: options.personas }, (_, i) => `p${String(i).padStart(3, '0')}`);
  await insertPersonas(deps.database, ids.map((id) => ({ id, cadence: 'daily', timeZone: 'UTC', moduleMix: { todo: 1 } })));
  const firstDay = Date.UTC(options.until.getUTCFullYear(), options.until.getUTCMonth(), options.until.getUTCDate()) - options.days * 86_400_000;
  for (let day = 1; day <= options.days; day++) {
    setNow(new Date(firstDay + (day - 1) * 86_400_000 + 10 * 3_600_000));
    const { claims } = await claimDue(deps, { runnerId: 'test-history', limit: options.personas, leaseMs: 600_000 });
    for (const claim of claims) {
      const persona = ids.indexOf(claim.persona.userId);
      const planned = options.day({ day, persona, random });
      await completeTick(deps, claim.tickId, {
        runnerId: 'test-history',
        attempt: claim.attempt,
        status: 'succeeded',
        actions: planned.calls.map((call, i) => ({ ...call, tickId: claim.tickId, callId: `c${i}`, inputHash: `h${i}` })),
        feedback: planned.ratings.map((rating) => ({ ...rating, tickId: claim.tickId })),
        usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
        driver: 'test',
      });
    }
  }
}
