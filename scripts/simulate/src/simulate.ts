import { upsertPersona } from '@mana/auth';
import type { PersonaDefinition } from '@mana/contracts';
import { AppError, createLogger } from '@mana/core';
import { freePort } from '@mana/core/testing/free-port';
import { createDatabase, defaultDataDir, type Database } from '@mana/db';
import { generatePersonas } from '@mana/personas-scripts';
import { manaRegistry } from '@mana/tools';
import { startSystem, type RunningSystem } from '../../system';
import { createSimulationClock } from './clock';
import { startCpuMeter, type CpuSplit } from './cpu';
import { countWindow, readHistory, type History } from './history';
import { planSimulation, type SimulateOptions, type SimulationPlan } from './options';
import { DAY_MS, dayWindow, stepsOf, timelineAfter, timelineEndingAt, type Timeline } from './timeline';

/** What a simulation did, counted from what it stored. */
export interface SimulationSummary {
  from: string;
  until: string;
  /** Days fully played (fewer than asked when interrupted). */
  daysDone: number;
  personas: number;
  /** Personas x simulated time in days. */
  personaDays: number;
  ticks: number;
  failedTicks: number;
  actions: number;
  toolErrors: number;
  ratings: number;
  wallMs: number;
  personaDaysPerSecond: number;
  ticksPerSecond: number;
  /** True when stopped by the signal (Ctrl-C) before the end; what was written stays. */
  interrupted: boolean;
  seed: number;
  database: Database['kind'];
  cpu: CpuSplit;
}

/**
 * Plays `days` days of the whole system (mana-auth, mana-mcp, the runner with
 * the offline driver) on a virtual clock: the runner's real tick runs once per
 * simulated hour, claims through the internal API over HTTP, logs personas in
 * through mana-auth and calls tools over MCP, and every row carries the
 * simulated instant. Refuses a database that already has ticks unless `append`.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const plan = planSimulation(options, new Date());
  const env = options.env ?? process.env;
  const database = options.database ?? (await createDatabase({ url: options.databaseUrl ?? (env.DATABASE_URL || undefined), dataDir: options.dataDir ?? defaultDataDir(env) }));
  try {
    const history = await readHistory(database);
    const timeline = chooseTimeline(plan, history);
    if ((plan.personas !== undefined || plan.population) && history.personas > 0) {
      const asked = plan.population ? `a population of ${plan.population.length}` : `--personas ${plan.personas}`;
      throw new AppError(
        'CONFLICT',
        `${asked} needs a database without personas; this one has ${history.personas}. Leave out --personas to simulate them, or use an empty database.`,
      );
    }
    const clock = createSimulationClock(timeline.from);
    const log = options.log ?? createLogger('mana-simulate', { level: env.LOG_LEVEL ?? 'warn' });
    const system = await startSystem({ env: await serviceEnv(plan, timeline, env), database, startLoop: false, log, now: clock.now });
    try {
      const population = plan.population ?? (plan.personas !== undefined ? generatePersonas(manaRegistry, { count: plan.personas, seed: plan.seed }) : undefined);
      if (population) await seedPopulation(system, population);
      const { personas } = await readHistory(database);
      if (personas === 0)
        throw new AppError('VALIDATION', 'The database has no personas: pass --personas N to seed generated ones (or seed the catalogue with npm run seed:personas).');
      return await play({ system, database, clock, timeline, plan, personas, options });
    } finally {
      await system.close();
    }
  } finally {
    if (!options.database) await database.close();
  }
}

function chooseTimeline(plan: SimulationPlan, history: History): Timeline {
  const now = new Date();
  if (history.ticks > 0 && !plan.append) {
    throw new AppError(
      'CONFLICT',
      `This database already has ${history.ticks} ticks (the last at ${history.lastTickAt?.toISOString()}). A simulation writes history that ends now; ` +
        'pass --append to continue after the last tick, or use an empty database.',
    );
  }
  if (!plan.append || !history.lastTickAt) return timelineEndingAt(plan.until ?? now, plan.days);
  const timeline = timelineAfter(history.lastTickAt, plan.days, now);
  if (!timeline) throw new AppError('CONFLICT', `Nothing to append: the history already reaches now (last tick at ${history.lastTickAt.toISOString()}).`);
  return timeline;
}

/** The services' environment: their usual variables, with what the simulation decides set explicitly. */
async function serviceEnv(plan: SimulationPlan, timeline: Timeline, base: Record<string, string | undefined>): Promise<Record<string, string | undefined>> {
  const { RUNNER_PAUSED: _paused, DATABASE_URL: _url, MANA_AUTH_URL: _auth, MANA_MCP_URL: _mcp, ...env } = base;
  return {
    ...env,
    MANA_AUTH_PORT: String(await freePort()),
    MANA_MCP_PORT: String(await freePort()),
    RUNNER_PORT: String(await freePort()),
    MANA_AUTOSEED: plan.personas !== undefined || plan.population ? '0' : env.MANA_AUTOSEED,
    PERSONA_DRIVER: 'offline',
    PERSONA_DRIVER_SEED: String(plan.seed),
    PERSONA_OFFLINE_DELAY_MS: '0',
    PERSONA_CONCURRENCY: String(plan.concurrency),
    MCP_FAULTS: plan.faults,
    MCP_FAULTS_SEED: String(plan.seed),
    MCP_FAULTS_FROM: plan.faults ? dayWindow(timeline, plan.faultFromDay).from.toISOString() : undefined,
    // The standard policy unless a simulator change is asked for; the change starts at its day's first instant.
    PERSONA_OFFLINE_POLICY: plan.simulatorChange?.policy ?? 'standard',
    PERSONA_OFFLINE_POLICY_FROM: plan.simulatorChange ? dayWindow(timeline, plan.simulatorChange.fromDay).from.toISOString() : undefined,
  };
}

/** Seeds personas through the admin verb (the one the admin API calls), at the first simulated instant. */
async function seedPopulation(system: RunningSystem, population: readonly PersonaDefinition[]): Promise<void> {
  for (const persona of population) await upsertPersona(system.auth.ctx, persona);
}

interface PlayInput {
  system: RunningSystem;
  database: Database;
  clock: ReturnType<typeof createSimulationClock>;
  timeline: Timeline;
  plan: SimulationPlan;
  personas: number;
  options: SimulateOptions;
}

/** The loop: per simulated hour one real runner tick; per day one report from the stored rows. */
async function play({ system, database, clock, timeline, plan, personas, options }: PlayInput): Promise<SimulationSummary> {
  const scheduler = system.runner.runner.scheduler;
  if (!scheduler) throw new AppError('INTERNAL', 'the runner has no pass loop (no service key)');
  const started = performance.now();
  const cpu = await startCpuMeter(database);
  const totals = { ticks: 0, failedTicks: 0, actions: 0, toolErrors: 0, ratings: 0 };
  let daysDone = 0;
  let simulatedMs = 0;
  let interrupted = false;
  const totalMs = timeline.until.getTime() - timeline.from.getTime();

  for (let day = 1; day <= timeline.days && !interrupted; day++) {
    const window = dayWindow(timeline, day);
    const dayStarted = performance.now();
    let ticks = 0;
    for (const at of stepsOf(window)) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      clock.set(at);
      const tick = await scheduler.runNow();
      ticks += tick.claimed;
      simulatedMs = at.getTime() + 3_600_000 - timeline.from.getTime();
      options.onStep?.({ day, days: timeline.days, at, done: Math.min(1, simulatedMs / totalMs), ticks, personas });
    }
    const counted = await countWindow(database, window);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counted[key];
    if (!interrupted) daysDone = day;
    options.onDay?.({ day, days: timeline.days, ...window, ...counted, wallMs: Math.round(performance.now() - dayStarted) });
  }

  const wallMs = Math.round(performance.now() - started);
  const cpuSplit = await cpu.stop();
  const personaDays = (personas * Math.min(simulatedMs, totalMs)) / DAY_MS;
  return {
    from: timeline.from.toISOString(),
    until: timeline.until.toISOString(),
    daysDone,
    personas,
    personaDays: Math.round(personaDays * 100) / 100,
    ...totals,
    wallMs,
    personaDaysPerSecond: wallMs > 0 ? Math.round((personaDays / (wallMs / 1000)) * 10) / 10 : 0,
    ticksPerSecond: wallMs > 0 ? Math.round((totals.ticks / (wallMs / 1000)) * 10) / 10 : 0,
    interrupted,
    seed: plan.seed,
    database: database.kind,
    cpu: cpuSplit,
  };
}
