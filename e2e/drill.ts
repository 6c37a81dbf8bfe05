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
import { generatePersonas, loadCatalog } from '@mana/personas-scripts';
import { simulate, type SimulationSummary, type SimulatorChange } from '@mana/simulate';
import { manaRegistry } from '@mana/tools';

/**
 * Three faults at once, each in its own module: a tool that fails 35 % of
 * calls, one that got 200 ms slower in the app, and one that silently returns
 * nothing. Each is a tool that 7 or more of the 16 generated personas call in
 * both weeks: the report compares each persona with itself, so a fault only a
 * handful of personas meet on a few days cannot be told from their calendars
 * (`LOW_EXPOSURE_FAULT`).
 */
export const DRILL_FAULTS = 'todo_list:error=0.35,notes_search:latency=200,calendar_list_events:empty=1';

/** What each fault of DRILL_FAULTS must produce: the anomaly key and its module. */
export const EXPECTED_FINDINGS = [
  { key: 'tool:todo_list:errorRate', module: 'todo' },
  { key: 'tool:notes_search:latency', module: 'notes' },
  { key: 'tool:calendar_list_events:emptyRate', module: 'calendar' },
] as const;

/**
 * Each fault of DRILL_FAULTS alone, with the finding it must produce: the detection rate of one
 * fault is measured in runs where nothing else is broken (issue 21 §4), so that its finding
 * must also be the run's one lead finding.
 */
export const DRILL_SINGLE_FAULTS = [
  { fault: 'todo_list:error=0.35', ...EXPECTED_FINDINGS[0] },
  { fault: 'notes_search:latency=200', ...EXPECTED_FINDINGS[1] },
  { fault: 'calendar_list_events:empty=1', ...EXPECTED_FINDINGS[2] },
] as const;

/**
 * The limit of the report's power, measured beside the drill's faults: `contacts_search` returning
 * nothing, a tool that only about 4 of the 16 generated personas call in both weeks, once a day
 * or less, and that already came back empty for half of their reads before the fault.
 */
export const LOW_EXPOSURE_FAULT = { fault: 'contacts_search:empty=1', key: 'tool:contacts_search:emptyRate', module: 'contacts' } as const;

/**
 * The simulator change of the false-alarm drill: from day 8 the offline driver plays its variant
 * policy (a star lower, calls in another order) while the product stays the same. A report must
 * announce the change and raise no product anomaly.
 */
export const DRILL_SIMULATOR_CHANGE: SimulatorChange = { policy: 'variant', fromDay: 8 };

/** The end of the drill's history: fixed, so a failing drill replays exactly. */
export const DRILL_UNTIL = new Date('2026-11-15T00:00:00Z');

const SEED_STEP_MS = 31 * 3_600_000;
const SEED_CYCLE_MS = 21 * 86_400_000;

/**
 * A seed's own end of history: 31 hours (a day and 7 hours) a seed after the drill's end, around a
 * 3-week cycle (seed 17 ends 23 hours after it), so the calendar — birthdays, "today", the weekday
 * and the hour — moves with the seed, and every end is a fixed instant in the past (the simulator
 * refuses a future `until`). The benchmark and the drill test move their runs with it.
 */
export const drillUntilOf = (seed: number) => new Date(DRILL_UNTIL.getTime() + ((seed * SEED_STEP_MS) % SEED_CYCLE_MS));

export interface DrillOptions {
  database: Database;
  seed: number;
  /** `MCP_FAULTS` syntax; none by default. */
  faults?: string;
  /** Personas (default 16), generated with `seed`, all playing once a day; not with `population: 'catalogue'`. */
  personas?: number;
  /**
   * `generated` (default): `drillPopulation(personas, seed)`; `catalogue`: the 12 catalogue personas
   * `npm start` seeds, with their own cadences (two hourly personas make the run several times slower).
   */
  population?: 'generated' | 'catalogue';
  /** A simulator change (e.g. DRILL_SIMULATOR_CHANGE), passed to simulate() as is. */
  simulatorChange?: SimulatorChange;
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

/** The catalogue as `npm start` seeds it (the same seed of every run; the seed varies the days). */
function catalogPopulation(personas: number | undefined): PersonaDefinition[] {
  if (personas !== undefined) throw new Error('runDrill: personas cannot be combined with the catalogue population (it has its own 12)');
  return loadCatalog(manaRegistry);
}

/** Plays the drill into an empty database and reports on its last 7 days. */
export async function runDrill(options: DrillOptions): Promise<{ summary: SimulationSummary; report: Report }> {
  const until = options.until ?? DRILL_UNTIL;
  const summary = await simulate({
    database: options.database,
    days: 14,
    population: options.population === 'catalogue' ? catalogPopulation(options.personas) : drillPopulation(options.personas ?? 16, options.seed),
    seed: options.seed,
    faults: options.faults,
    faultFromDay: options.faults ? 8 : undefined,
    simulatorChange: options.simulatorChange,
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
