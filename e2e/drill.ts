/**
 * The regression drill, shared by its tests (`drill.test.ts`) and the
 * false-alarm benchmark (`bench/drill-false-alarms.ts`): a small population
 * plays 14 simulated days through `simulate()` — the whole system, faults
 * injected by mana-mcp from day 8 — and the report of the last 7 days (against
 * the 7 before) is read through the report verb the CLI, the admin API and the
 * scheduler call.
 */
import { buildReport } from '@mana/insights';
import type { PersonaDefinition, Report } from '@mana/contracts';
import type { Database } from '@mana/db';
import { generatePersonas } from '@mana/personas-scripts';
import { simulate, type SimulationSummary } from '@mana/simulate';
import { manaRegistry } from '@mana/tools';

/**
 * Three faults at once, each in its own module: a tool that fails 35 % of
 * calls, one that got 200 ms slower in the app, and one that silently returns
 * nothing. All three are tools every generated archetype reaches often enough
 * to be tested in a week of a small population.
 */
export const DRILL_FAULTS = 'todo_list:error=0.35,notes_search:latency=200,contacts_search:empty=1';

/** What each fault of DRILL_FAULTS must produce: the anomaly key and its module. */
export const EXPECTED_FINDINGS = [
  { key: 'tool:todo_list:errorRate', module: 'todo' },
  { key: 'tool:notes_search:latency', module: 'notes' },
  { key: 'tool:contacts_search:emptyRate', module: 'contacts' },
] as const;

/** The end of the drill's history: fixed, so a failing drill replays exactly. */
export const DRILL_UNTIL = new Date('2026-11-15T00:00:00Z');

export interface DrillOptions {
  database: Database;
  seed: number;
  /** `MCP_FAULTS` syntax; none by default. */
  faults?: string;
  /** Personas (default 16), generated with `seed`, all playing once a day. */
  personas?: number;
  until?: Date;
}

/**
 * The generated population with a daily cadence: the generator's mix of
 * archetypes, locales, time zones and temperaments, without its hourly
 * personas (24 ticks a day each), so 14 days stay fast.
 */
export function drillPopulation(count: number, seed: number): PersonaDefinition[] {
  return generatePersonas(manaRegistry, { count, seed }).map((persona) => ({ ...persona, tickCadence: 'daily' }));
}

/** Plays the drill into an empty database and reports on its last 7 days. */
export async function runDrill(options: DrillOptions): Promise<{ summary: SimulationSummary; report: Report }> {
  const until = options.until ?? DRILL_UNTIL;
  const summary = await simulate({
    database: options.database,
    days: 14,
    population: drillPopulation(options.personas ?? 16, options.seed),
    seed: options.seed,
    faults: options.faults,
    faultFromDay: options.faults ? 8 : undefined,
    until,
  });
  const report = await buildReport({ database: options.database, now: () => until }, { query: { since: '7d', until: 'now' } });
  return { summary, report };
}

/**
 * The harness must not fake a finding: the same fault-free population plays 7 days
 * with `before` sessions at once, then 7 more (appended) with `after`. More sessions
 * at once raise the latency the runner observes (runner and app share the machine),
 * so a report that judged on it would flag every tool; judged on the app's own
 * handler time it must flag nothing. Reports on the second week against the first.
 */
export async function runConcurrencyDrill(options: {
  database: Database;
  seed: number;
  before: number;
  after: number;
  personas?: number;
}): Promise<{ first: SimulationSummary; second: SimulationSummary; report: Report }> {
  const weekMs = 7 * 24 * 3_600_000;
  const first = await simulate({
    database: options.database,
    days: 7,
    population: drillPopulation(options.personas ?? 16, options.seed),
    seed: options.seed,
    concurrency: options.before,
    until: new Date(DRILL_UNTIL.getTime() - weekMs),
  });
  const second = await simulate({ database: options.database, days: 7, seed: options.seed, concurrency: options.after, append: true });
  const until = new Date(second.until);
  const report = await buildReport({ database: options.database, now: () => until }, { query: { since: '7d', until: 'now' } });
  return { first, second, report };
}
