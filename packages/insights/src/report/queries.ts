import type { Database } from '@mana/db';
import { latencyBinSql } from './statistics/histogram';
import { num } from '../sql-values';
import type { ReportWindow } from '../window';

/** Which period a row falls in: 0 = previous, 1 = the report's own. */
export type Side = 0 | 1;

export interface ToolCounts {
  tool: string;
  module: string;
  side: Side;
  calls: number;
  errors: number;
  /** Successful reads whose driver told whether they came back empty, and how many did. */
  reads: number;
  empties: number;
}

/** Calls of one tool in one period that took about `bin` (see histogram.ts), by source. */
export interface LatencyBin {
  tool: string;
  side: Side;
  source: 'handler' | 'client';
  bin: number;
  count: number;
}

export interface RatingCount {
  module: string;
  side: Side;
  /** null: a parse_error row (never a rating). */
  rating: number | null;
  count: number;
}

export interface ComplaintNote {
  module: string;
  notes: string;
  count: number;
  ratingSum: number;
}

const params = (w: ReportWindow) => [w.prevSince.toISOString(), w.since.toISOString(), w.until.toISOString()];

/**
 * The aggregates a report is computed from, in four grouped scans of the two
 * periods run at once (no per-row data leaves the database, so a report over a
 * million actions moves a few thousand rows): per tool calls, errors, reads and
 * empty reads; per tool the latency histograms of handler time and of client
 * time; per module the rating counts — each for both periods. Rows in
 * `[prevSince, until)` by `created_at`.
 */
export async function loadAggregates(database: Database, window: ReportWindow): Promise<{ tools: ToolCounts[]; latencies: LatencyBin[]; ratings: RatingCount[] }> {
  const inWindow = `created_at >= $1::timestamptz and created_at < $3::timestamptz`;
  // Both periods as filtered counts of one group per tool (or tool and bin): the planner hashes a
  // few dozen groups instead of sorting a million rows by an expression, and the two latency
  // sources are two plain scans on two connections instead of one doubled by a lateral join.
  const latencyBins = (source: LatencyBin['source'], column: string) =>
    database
      .query(
        `select tool_name, ${latencyBinSql(column)} as bin,
                count(*) filter (where created_at < $2::timestamptz)::int as before_n, count(*) filter (where created_at >= $2::timestamptz)::int as after_n
         from persona_actions where ${inWindow} and ${column} is not null group by tool_name, bin`,
        params(window),
      )
      .then((rows) => rows.flatMap((r) => bothSides((side) => ({ tool: String(r.tool_name), side, source, bin: num(r.bin), count: num(side ? r.after_n : r.before_n) }))));
  const [tools, handler, client, ratings] = await Promise.all([
    database.query(
      `select tool_name, min(module) as module,
              count(*) filter (where created_at < $2::timestamptz)::int as calls_0, count(*) filter (where created_at >= $2::timestamptz)::int as calls_1,
              count(*) filter (where created_at < $2::timestamptz and result = 'error')::int as errors_0, count(*) filter (where created_at >= $2::timestamptz and result = 'error')::int as errors_1,
              count(empty_result) filter (where created_at < $2::timestamptz)::int as reads_0, count(empty_result) filter (where created_at >= $2::timestamptz)::int as reads_1,
              count(*) filter (where created_at < $2::timestamptz and empty_result)::int as empties_0, count(*) filter (where created_at >= $2::timestamptz and empty_result)::int as empties_1
       from persona_actions where ${inWindow} group by tool_name`,
      params(window),
    ),
    latencyBins('handler', 'handler_ms'),
    latencyBins('client', 'latency_ms'),
    database.query(
      `select module, (created_at >= $2::timestamptz)::int as side, case when status = 'rated' then rating end as rating, count(*)::int as n
       from persona_feedback where ${inWindow} group by module, side, 3`,
      params(window),
    ),
  ]);
  return {
    tools: tools.flatMap((r) =>
      bothSides((side) => ({
        tool: String(r.tool_name),
        module: String(r.module),
        side,
        calls: num(r[`calls_${side}`]),
        errors: num(r[`errors_${side}`]),
        reads: num(r[`reads_${side}`]),
        empties: num(r[`empties_${side}`]),
      })),
    ),
    latencies: [...handler, ...client].filter((bin) => bin.count > 0),
    ratings: ratings.map((r) => ({ module: String(r.module), side: num(r.side) as Side, rating: r.rating === null ? null : num(r.rating), count: num(r.n) })),
  };
}

/** One row per period, the previous (0) first. */
const bothSides = <T>(row: (side: Side) => T): T[] => [row(0), row(1)];

/**
 * Notes of ratings 1-2 in the report's period, the same wording counted once
 * (case and spacing folded in SQL), at most `perModule` wordings per module.
 */
export async function loadComplaintNotes(database: Database, window: ReportWindow, perModule = 200): Promise<ComplaintNote[]> {
  const rows = await database.query(
    `select module, notes, n, rating_sum from (
       select module, min(notes) as notes, count(*)::int as n, sum(rating)::int as rating_sum,
              row_number() over (partition by module order by count(*) desc, min(notes)) as rank
       from persona_feedback
       where created_at >= $1::timestamptz and created_at < $2::timestamptz and status = 'rated' and rating <= 2
         and notes is not null and btrim(notes) <> ''
       group by module, lower(regexp_replace(btrim(notes), '\\s+', ' ', 'g'))
     ) grouped where rank <= $3`,
    [window.since.toISOString(), window.until.toISOString(), perModule],
  );
  return rows.map((r) => ({ module: String(r.module), notes: String(r.notes), count: num(r.n), ratingSum: num(r.rating_sum) }));
}
