import type { PersonaDefinition } from '@mana/contracts';
import { AppError, type Logger } from '@mana/core';
import type { Database } from '@mana/db';
import { parseFaults } from '@mana/mcp';
import { OFFLINE_POLICIES, type OfflinePolicyName } from '@mana/persona-runner';
import { manaRegistry } from '@mana/tools';
import type { DayReport } from './history';

/** What `simulate()` is asked to do. Only `days` is required. */
export interface SimulateOptions {
  /** Simulated days (1-366), ending now (or at `until`); appended after the last tick with `append`. */
  days: number;
  /** Seed this many generated personas into an empty database; without it the personas present play (the catalogue on an empty development database). */
  personas?: number;
  /** Seed exactly these personas into an empty database instead (a drill that needs a chosen population, e.g. daily cadence only). */
  population?: readonly PersonaDefinition[];
  /** Seeds the generator, the offline driver and the fault dice (default 1). */
  seed?: number;
  /** `MCP_FAULTS` syntax, e.g. `todo_complete:error=0.35`. */
  faults?: string;
  /** Day (1 = the first simulated day) from which `faults` apply; default 1. */
  faultFromDay?: number;
  /**
   * A simulator change (the false-alarm drill, issue 21 §4): from simulated day `fromDay` (default 1)
   * the runner's offline driver plays `policy` instead of the standard policy; the product stays the same.
   */
  simulatorChange?: SimulatorChange;
  /** Persona sessions played at once (default 16); results do not depend on it. */
  concurrency?: number;
  /** Continue after the last tick in the database instead of refusing a database with history. */
  append?: boolean;
  /** End of the simulated history (default now); tests pin it so that two runs replay the same dates. */
  until?: Date;
  /** An open database to use (tests); otherwise `databaseUrl`, else PGlite in `dataDir`. */
  database?: Database;
  databaseUrl?: string;
  dataDir?: string;
  /** Base environment of the services' configuration (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Aborting stops after the tick in progress; everything written stays. */
  signal?: AbortSignal;
  /** After each simulated day, with that day's numbers as stored. */
  onDay?: (day: DayReport) => void;
  /** After each tick (one simulated hour). */
  onStep?: (step: StepReport) => void;
  log?: Logger;
}

/** A switch of the offline driver's policy on a given day (`PERSONA_OFFLINE_POLICY` and `PERSONA_OFFLINE_POLICY_FROM` of the runner). */
export interface SimulatorChange {
  /** A policy other than `standard`, which plays before the change. */
  policy: Exclude<OfflinePolicyName, 'standard'>;
  /** Day (1 = the first simulated day) from which `policy` plays; default 1. */
  fromDay?: number;
}

/** Progress inside a day, for a progress bar. */
export interface StepReport {
  day: number;
  days: number;
  at: Date;
  /** Fraction of the whole run done, 0..1. */
  done: number;
  /** Ticks played so far in this day. */
  ticks: number;
  personas: number;
}

/** Options checked and filled in; nothing is opened before this succeeds. */
export interface SimulationPlan {
  days: number;
  personas?: number;
  population?: readonly PersonaDefinition[];
  seed: number;
  faults: string;
  faultFromDay: number;
  simulatorChange?: Required<SimulatorChange>;
  concurrency: number;
  append: boolean;
  until?: Date;
}

const MAX_DAYS = 366;
const MAX_PERSONAS = 100_000;

function wholeNumber(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) throw new AppError('VALIDATION', `${name} must be a whole number from ${min} to ${max} (got ${value})`);
}

/** Checks every option and throws `AppError('VALIDATION')` naming the bad one; touches nothing. */
export function planSimulation(options: SimulateOptions, now: Date): SimulationPlan {
  wholeNumber('days', options.days, 1, MAX_DAYS);
  if (options.days === undefined) throw new AppError('VALIDATION', 'days is required (how many days to simulate)');
  wholeNumber('personas', options.personas, 1, MAX_PERSONAS);
  wholeNumber('seed', options.seed, 0, 2 ** 31 - 1);
  wholeNumber('concurrency', options.concurrency, 1, 500);
  wholeNumber('fault-from-day', options.faultFromDay, 1, options.days);
  if (options.population !== undefined && options.personas !== undefined)
    throw new AppError('VALIDATION', 'personas and population cannot be combined: seed a generated population or the given one');
  if (options.population !== undefined && options.population.length === 0) throw new AppError('VALIDATION', 'population must hold at least one persona');
  if (options.append && options.population !== undefined)
    throw new AppError('VALIDATION', 'population cannot be combined with append: an appended history uses the personas already present');
  if (options.append && options.personas !== undefined)
    throw new AppError('VALIDATION', 'personas cannot be combined with append: an appended history uses the personas already present');
  if (options.until && (Number.isNaN(options.until.getTime()) || options.until.getTime() > now.getTime()))
    throw new AppError('VALIDATION', 'until must be a valid instant that is not in the future');
  if (options.append && options.until) throw new AppError('VALIDATION', 'until cannot be combined with append: an appended history starts after the last tick');
  const faults = options.faults?.trim() ?? '';
  if (options.faultFromDay !== undefined && !faults) throw new AppError('VALIDATION', 'fault-from-day needs faults (set MCP_FAULTS, e.g. MCP_FAULTS=todo_complete:error=0.35)');
  checkFaults(faults);
  const simulatorChange = checkSimulatorChange(options.simulatorChange, options.days);
  return {
    days: options.days,
    personas: options.personas,
    population: options.population,
    seed: options.seed ?? 1,
    faults,
    faultFromDay: options.faultFromDay ?? 1,
    simulatorChange,
    concurrency: options.concurrency ?? 16,
    append: options.append ?? false,
    until: options.until,
  };
}

/** Policies a simulation can change to: any but `standard`, which plays before the change. */
const CHANGED_POLICIES = OFFLINE_POLICIES.filter((policy) => policy !== 'standard');

/** A simulator change names a policy other than the standard one and a day of the run. */
function checkSimulatorChange(change: SimulatorChange | undefined, days: number): Required<SimulatorChange> | undefined {
  if (change === undefined) return undefined;
  if (change === null || typeof change !== 'object') throw new AppError('VALIDATION', 'simulatorChange must be an object { policy, fromDay }');
  if (change.policy === undefined) throw new AppError('VALIDATION', `policy-from-day needs a policy to change to (${CHANGED_POLICIES.join(', ')})`);
  if (!(CHANGED_POLICIES as readonly unknown[]).includes(change.policy))
    throw new AppError('VALIDATION', `policy must be one of ${CHANGED_POLICIES.join(', ')} (the standard policy plays before the change; got "${String(change.policy)}")`);
  wholeNumber('policy-from-day', change.fromDay, 1, days);
  return { policy: change.policy, fromDay: change.fromDay ?? 1 };
}

/** The `MCP_FAULTS` syntax, and every tool named one that mana-mcp exposes (checked before anything is written). */
function checkFaults(faults: string): void {
  let specs: ReturnType<typeof parseFaults>;
  try {
    specs = parseFaults(faults);
  } catch (error) {
    throw new AppError('VALIDATION', (error as Error).message);
  }
  const exposed = new Set(manaRegistry.exposedTools().map((t) => t.name));
  for (const spec of specs) {
    if (!exposed.has(spec.tool)) throw new AppError('VALIDATION', `MCP_FAULTS names "${spec.tool}", which is not a tool mana-mcp exposes`);
  }
}
