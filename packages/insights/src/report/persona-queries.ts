import type { Database } from '@mana/db';
import { iso, num } from '../sql-values';
import type { ReportWindow } from '../window';
import type { Side, ToolCounts } from './queries';

/**
 * The per-persona aggregates the report's tests compare (docs/statistics.md):
 * one row per persona, simulator, day, period and tool (or module), so that a
 * persona is compared with itself under the same simulator, its days as units. Like `queries.ts`,
 * no per-call row leaves the database.
 */

/**
 * The simulator a tick was played by: its fingerprint key, or for ticks
 * stored before fingerprints (migration 0011) the driver and model it named.
 */
const STRATUM = `coalesce(t.simulator_key, 'legacy:' || coalesce(t.driver, '') || '/' || coalesce(t.model, ''))`;
const DAY = (alias: string) => `(${alias}.created_at at time zone 'UTC')::date`;
/** The columns a stratum is made of, grouped as they are (narrower sort keys than the stratum's text). */
const STRATUM_COLUMNS = 't.simulator_key, t.driver, t.model';
/** The stratum from its columns, in JavaScript (see STRATUM). */
const stratumOf = (r: Record<string, unknown>) =>
  r.simulator_key !== null && r.simulator_key !== undefined ? String(r.simulator_key) : `legacy:${String(r.driver ?? '')}/${String(r.model ?? '')}`;
const SIDE = (alias: string) => `(${alias}.created_at >= $2::timestamptz)::int`;
const IN_WINDOW = (alias: string) => `${alias}.created_at >= $1::timestamptz and ${alias}.created_at < $3::timestamptz`;
const params = (w: ReportWindow) => [w.prevSince.toISOString(), w.since.toISOString(), w.until.toISOString()];

/** One persona's calls of one tool under one simulator on one (UTC) day of one period (the counts as `queries.ts` has them per tool). */
export interface UnitToolRow extends ToolCounts {
  persona: string;
  stratum: string;
  /** The UTC day (`2026-03-08`): a persona's calls of one day share its data and its date, so the day is the unit. */
  day: string;
  /**
   * The day's typical handler time (the app's own): the geometric mean of its
   * calls, a plain aggregate the database hashes, where a median would sort a
   * million calls; and how many calls reported it.
   */
  handlerMs: number | null;
  handlerN: number;
  /** The same of the client-measured latency of the calls without a handler time (read only for a tool whose server never reports one), and how many. */
  clientMs: number | null;
  clientN: number;
}

/** One persona's ratings of one module under one simulator on one (UTC) day of one period (rated rows only). */
export interface UnitRatingRow {
  persona: string;
  stratum: string;
  day: string;
  module: string;
  side: Side;
  ratings: number;
  sum: number;
}

/** A persona that played in a period, and whether any of its ticks there was hourly. */
export interface PopulationRow {
  persona: string;
  name: string;
  side: Side;
  hourly: boolean;
}

/** A simulator and its ticks in one period. */
export interface SimulatorRow {
  side: Side;
  key: string;
  driver: string;
  model: string | null;
  promptHash: string | null;
  policyVersion: string | null;
  ticks: number;
  firstAt: string;
  lastAt: string;
}

/** A tools/list hash and its ticks in one period. */
export interface SurfaceRow {
  side: Side;
  hash: string;
  ticks: number;
  firstAt: string;
  lastAt: string;
}

/** A stored copy of a surface. */
export interface StoredSurface {
  hash: string;
  tools: unknown[];
  toolCount: number;
}

/** One persona-day of a tool as the tools query sends it (json_build_array's order). */
type DayTuple = [string, string | null, string | null, string | null, string, Side, number, number, number, number, number | null, number, number | null, number];

export interface PersonaAggregates {
  tools: UnitToolRow[];
  ratings: UnitRatingRow[];
  population: PopulationRow[];
  simulators: SimulatorRow[];
  surfaces: SurfaceRow[];
}

/** Everything per persona and simulator the report reads, five grouped scans run at once. */
export async function loadPersonaAggregates(database: Database, window: ReportWindow): Promise<PersonaAggregates> {
  const p = params(window);
  const [tools, ratings, population, simulators, surfaces] = await Promise.all([
    // One row per tool, its persona-days as one JSON array: hundreds of thousands of persona-days
    // then cost one JSON.parse per tool instead of a driver-parsed field each (most of the report's time).
    database.query(
      `select g.tool_name, min(g.module) as module,
              json_agg(json_build_array(g.persona_id, g.simulator_key, g.driver, g.model, g.day, g.side, g.calls, g.errors, g.reads, g.empties,
                                        g.handler_typical, g.handler_n, g.client_typical, g.client_n)) as days
       from (select a.persona_id, ${STRATUM_COLUMNS}, ${DAY('a')}::text as day, a.tool_name, min(a.module) as module, ${SIDE('a')} as side,
                    count(*)::int as calls, count(*) filter (where a.result = 'error')::int as errors,
                    count(a.empty_result)::int as reads, count(*) filter (where a.empty_result)::int as empties,
                    exp(avg(ln(greatest(a.handler_ms, 0.001))))::float8 as handler_typical, count(a.handler_ms)::int as handler_n,
                    exp(avg(ln(greatest(a.latency_ms, 0.001))) filter (where a.handler_ms is null))::float8 as client_typical,
                    count(a.latency_ms) filter (where a.handler_ms is null)::int as client_n
             from persona_actions a join persona_ticks t on t.id = a.tick_id
             where ${IN_WINDOW('a')}
             group by a.persona_id, ${STRATUM_COLUMNS}, ${DAY('a')}, a.tool_name, side) g
       group by g.tool_name`,
      p,
    ),
    database.query(
      `select f.persona_id, ${STRATUM_COLUMNS}, ${DAY('f')}::text as day, f.module, ${SIDE('f')} as side, count(*)::int as n, sum(f.rating)::int as total
       from persona_feedback f join persona_ticks t on t.id = f.tick_id
       where ${IN_WINDOW('f')} and f.status = 'rated'
       group by f.persona_id, ${STRATUM_COLUMNS}, ${DAY('f')}, f.module, side`,
      p,
    ),
    database.query(
      `select t.persona_id, min(u.name) as name, ${SIDE('t')} as side, bool_or(length(t.slot) > 10) as hourly
       from persona_ticks t join users u on u.id = t.persona_id
       where ${IN_WINDOW('t')}
       group by t.persona_id, side`,
      p,
    ),
    database.query(
      `select ${SIDE('t')} as side, ${STRATUM} as key, min(t.driver) as driver, min(t.model) as model, min(t.prompt_hash) as prompt_hash,
              min(t.policy_version) as policy_version, count(*)::int as n, min(t.created_at) as first_at, max(t.created_at) as last_at
       from persona_ticks t
       where ${IN_WINDOW('t')} and t.driver is not null
       group by side, key`,
      p,
    ),
    database.query(
      `select ${SIDE('t')} as side, t.surface_hash, count(*)::int as n, min(t.created_at) as first_at, max(t.created_at) as last_at
       from persona_ticks t
       where ${IN_WINDOW('t')} and t.surface_hash is not null
       group by side, t.surface_hash`,
      p,
    ),
  ]);
  return {
    tools: tools.flatMap((r) => {
      const tool = String(r.tool_name);
      const module = String(r.module);
      const days = (typeof r.days === 'string' ? JSON.parse(r.days) : r.days) as DayTuple[];
      return days.map(([persona, simulatorKey, driver, model, day, side, calls, errors, reads, empties, handlerMs, handlerN, clientMs, clientN]) => ({
        persona,
        stratum: stratumOf({ simulator_key: simulatorKey, driver, model }),
        day,
        tool,
        module,
        side,
        calls,
        errors,
        reads,
        empties,
        handlerMs,
        handlerN,
        clientMs,
        clientN,
      }));
    }),
    ratings: ratings.map((r) => ({
      persona: String(r.persona_id),
      stratum: stratumOf(r),
      day: String(r.day),
      module: String(r.module),
      side: num(r.side) as Side,
      ratings: num(r.n),
      sum: num(r.total),
    })),
    population: population.map((r) => ({ persona: String(r.persona_id), name: String(r.name ?? ''), side: num(r.side) as Side, hourly: r.hourly === true })),
    simulators: simulators.map((r) => ({
      side: num(r.side) as Side,
      key: String(r.key),
      driver: String(r.driver),
      model: r.model === null ? null : String(r.model),
      promptHash: r.prompt_hash === null ? null : String(r.prompt_hash),
      policyVersion: r.policy_version === null ? null : String(r.policy_version),
      ticks: num(r.n),
      firstAt: iso(r.first_at),
      lastAt: iso(r.last_at),
    })),
    surfaces: surfaces.map((r) => ({ side: num(r.side) as Side, hash: String(r.surface_hash), ticks: num(r.n), firstAt: iso(r.first_at), lastAt: iso(r.last_at) })),
  };
}

/** The stored copies of these surfaces (those a runner sent). */
export async function loadSurfaces(database: Database, hashes: readonly string[]): Promise<StoredSurface[]> {
  if (hashes.length === 0) return [];
  const rows = await database.query(`select hash, tools, tool_count from tool_surfaces where hash = any($1::text[])`, [hashes]);
  return rows.map((r) => ({
    hash: String(r.hash),
    tools: (typeof r.tools === 'string' ? JSON.parse(r.tools) : r.tools) as unknown[],
    toolCount: num(r.tool_count),
  }));
}
