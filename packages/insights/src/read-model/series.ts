import type { AdminSeries } from '@mana/contracts';
import { ratingSeries } from './ratings';
import { toolSeries } from './tool-figures';
import { windowOf, type DashboardDeps } from '../window';
import { num } from '../sql-values';

/** The overview's charts over the last `days` days: ratings per module and day, tool calls per day (latency on the report's source), ticks per day. */
export async function adminSeriesFor(deps: DashboardDeps, input: { days: number }): Promise<AdminSeries> {
  const window = windowOf(deps.now(), input.days);
  const [modules, tools, tickRows] = await Promise.all([
    ratingSeries(deps, window),
    toolSeries(deps, window),
    deps.database.query(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
              count(*) filter (where status = 'succeeded') as succeeded, count(*) filter (where status = 'failed') as failed,
              coalesce(sum(input_tokens), 0) as input_tokens, coalesce(sum(output_tokens), 0) as output_tokens,
              coalesce(sum(cost_usd), 0)::float8 as cost_usd
       from persona_ticks where created_at >= $1 group by 1`,
      [window.since],
    ),
  ]);
  const ticksByDay = new Map(tickRows.map((row) => [String(row.day), row]));
  const ticks = window.days.map((day) => {
    const row = ticksByDay.get(day) ?? {};
    return { day, succeeded: num(row.succeeded), failed: num(row.failed), inputTokens: num(row.input_tokens), outputTokens: num(row.output_tokens), costUsd: num(row.cost_usd) };
  });
  return { since: window.since, days: window.days, modules, tools: tools.points, latencySource: tools.latencySource, ticks };
}
