import type { Database } from '@mana/db';
import { latencyBinSql } from './statistics/histogram';
import type { ReportWindow } from './window';

/** Which period a row falls in: 0 = previous, 1 = the report's own. */
type Side = 0 | 1;

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

const num = (value: unknown): number => Number(value ?? 0);
const params = (w: ReportWindow) => [w.prevSince.toISOString(), w.since.toISOString(), w.until.toISOString()];

/**
 * The aggregates a report is computed from, read in three grouped scans of the
 * two periods (no per-row data leaves the database, so a report over a million
 * actions moves a few thousand rows): per tool and period calls and errors,
 * latency histograms (handler time and client time apart), and per module and
 * period the rating counts, plus per tool and period the reads that came back empty. Rows in `[prevSince, until)` by `created_at`.
 */
export async function loadAggregates(database: Database, window: ReportWindow): Promise<{ tools: ToolCounts[]; latencies: LatencyBin[]; ratings: RatingCount[] }> {
  const side = `(created_at >= $2::timestamptz)::int`;
  const [tools, latencies, ratings] = await Promise.all([
    database.query(
      `select tool_name, min(module) as module, ${side} as side, count(*)::int as calls, count(*) filter (where result = 'error')::int as errors,
              count(empty_result)::int as reads, count(*) filter (where empty_result)::int as empties
       from persona_actions where created_at >= $1::timestamptz and created_at < $3::timestamptz
       group by tool_name, side`,
      params(window),
    ),
    database.query(
      `select tool_name, ${side} as side, v.source, ${latencyBinSql('v.ms')} as bin, count(*)::int as n
       from persona_actions
       cross join lateral (values ('handler', handler_ms), ('client', latency_ms::float8)) as v(source, ms)
       where created_at >= $1::timestamptz and created_at < $3::timestamptz and v.ms is not null
       group by tool_name, side, v.source, bin`,
      params(window),
    ),
    database.query(
      `select module, ${side} as side, case when status = 'rated' then rating end as rating, count(*)::int as n
       from persona_feedback where created_at >= $1::timestamptz and created_at < $3::timestamptz
       group by module, side, 3`,
      params(window),
    ),
  ]);
  return {
    tools: tools.map((r) => ({ tool: String(r.tool_name), module: String(r.module), side: num(r.side) as Side, calls: num(r.calls), errors: num(r.errors), reads: num(r.reads), empties: num(r.empties) })),
    latencies: latencies.map((r) => ({ tool: String(r.tool_name), side: num(r.side) as Side, source: r.source === 'handler' ? 'handler' : 'client', bin: num(r.bin), count: num(r.n) })),
    ratings: ratings.map((r) => ({ module: String(r.module), side: num(r.side) as Side, rating: r.rating === null ? null : num(r.rating), count: num(r.n) })),
  };
}

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
