import type { ActionReport, FeedbackReport } from '@mana/contracts';
import { seededRandom, type Random } from '@mana/core';
import { claimDue, completeTick, type PersonaDeps } from '@mana/persona-store';
import { insertPersonas } from '@mana/persona-store/testing';

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
  /** The driver each day's ticks name (default `test`): a change of it is a change of the simulator. */
  driver?: (day: number) => string;
}

/**
 * Writes a history through the real persona verbs (claim, then complete with
 * actions and ratings) on a movable clock: daily personas in UTC, one tick per
 * persona per day. `setNow` moves the deps' clock.
 */
export async function writeTestHistory(deps: PersonaDeps, setNow: (at: Date) => void, options: TestHistoryOptions): Promise<void> {
  const random = seededRandom(options.seed);
  const ids = Array.from({ length: options.personas }, (_, i) => `p${String(i).padStart(3, '0')}`);
  await insertPersonas(
    deps.database,
    ids.map((id) => ({ id, cadence: 'daily', timeZone: 'UTC', moduleMix: { todo: 1 } })),
  );
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
        driver: options.driver?.(day) ?? 'test',
      });
    }
  }
}

/** A millisecond figure with a little noise around `centre`. */
const around = (random: Random, centre: number) => Math.round(centre * (0.7 + 0.6 * random.next()) * 100) / 100;

export interface TodoNotesShape {
  /** Share of todo_complete calls that fail. */
  failShare?: number;
  /** Client-observed latency (the runner's view) of every call. */
  clientMs?: number;
  /** The app's handler time of notes_search. */
  searchHandlerMs?: number;
  /** Share of notes_search reads that come back empty. */
  searchEmptyShare?: number;
}

/** A persona's day: 3 todo calls, 2 notes calls, ratings that follow what went wrong. */
export function todoNotesDay(random: Random, shape: TodoNotesShape): TestDay {
  const calls: TestCall[] = [];
  let failed = 0;
  for (const toolName of ['todo_create', 'todo_complete', 'todo_list']) {
    const fail = toolName === 'todo_complete' && random.next() < (shape.failShare ?? 0.02);
    if (fail) failed++;
    calls.push({
      toolName,
      result: fail ? 'error' : 'ok',
      errorMessage: fail ? `todo_complete failed (id ${Math.floor(random.next() * 1000)})` : undefined,
      latencyMs: Math.round(around(random, shape.clientMs ?? 8)),
      handlerMs: around(random, 2),
    });
  }
  calls.push({ toolName: 'notes_create', result: 'ok', latencyMs: Math.round(around(random, shape.clientMs ?? 8)), handlerMs: around(random, 2) });
  const search = { latencyMs: Math.round(around(random, shape.clientMs ?? 8)), handlerMs: around(random, shape.searchHandlerMs ?? 3) };
  calls.push({ toolName: 'notes_search', result: 'ok', ...search, emptyResult: random.next() < (shape.searchEmptyShare ?? 0.1) });
  const todoRating = failed > 0 ? 1 + Math.floor(random.next() * 2) : 3 + Math.floor(random.next() * 3);
  return {
    calls,
    ratings: [
      { module: 'todo', rating: todoRating, status: 'rated', notes: failed > 0 ? `Completing a task failed ${failed} times.` : 'Works fine.' },
      random.next() < 0.1
        ? { module: 'notes', status: 'parse_error', notes: 'not json' }
        : { module: 'notes', rating: 3 + Math.floor(random.next() * 3), status: 'rated', notes: 'Fine.' },
    ],
  };
}
