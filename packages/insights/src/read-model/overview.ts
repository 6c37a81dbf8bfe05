import { PARSE_ERROR_MODULE, type AdminOverview } from '@mana/contracts';
import type { ReportDeps } from '../report/build-report';
import { iso, num, numOrNull } from '../sql-values';
import { windowOf } from '../window';
import { reportFlags } from './report-flags';

/**
 * The overview of the last `days` days over every persona: per-module ratings
 * (rated rows only) next to usage and errors, per-tool failure and latency (the
 * handler time where the server reported it, the client's beside it), tick
 * outcomes with tokens and cost, the lowest ratings with their notes, and what
 * the report for the same window flags.
 */
export async function adminOverviewFor(deps: ReportDeps, input: { days: number }): Promise<AdminOverview> {
  const window = windowOf(deps.now(), input.days);
  const { since } = window;
  const [flags, modules, tools, ticks, complaints] = await Promise.all([
    reportFlags(deps, window),
    deps.database.query(
      `with r as (
         select module, avg(rating) filter (where status = 'rated')::float8 as avg_rating,
                count(*) filter (where status = 'rated')::int as ratings,
                count(*) filter (where status = 'parse_error')::int as parse_errors
         from persona_feedback where created_at >= $1 group by module),
       a as (
         select module, count(*)::int as actions, count(*) filter (where result = 'error')::int as errors
         from persona_actions where created_at >= $1 group by module)
       select coalesce(r.module, a.module) as module, r.avg_rating, coalesce(r.ratings, 0) as ratings,
              coalesce(r.parse_errors, 0) as parse_errors, coalesce(a.actions, 0) as actions, coalesce(a.errors, 0) as errors
       from r full join a on a.module = r.module
       where coalesce(r.module, a.module) <> $2
       order by r.avg_rating asc nulls last, module`,
      [since, PARSE_ERROR_MODULE],
    ),
    deps.database.query(
      `select tool_name, min(module) as module, count(*)::int as calls,
              count(*) filter (where result = 'error')::int as errors,
              count(handler_ms)::int as handled,
              percentile_cont(0.5) within group (order by handler_ms)::float8 as h50,
              percentile_cont(0.5) within group (order by latency_ms)::float8 as c50,
              (array_agg(error_message order by created_at desc) filter (where result = 'error'))[1] as last_error
       from persona_actions where created_at >= $1
       group by tool_name order by count(*) filter (where result = 'error') desc, count(*) desc, tool_name`,
      [since],
    ),
    deps.database.query(
      `select count(*) filter (where status = 'succeeded')::int as succeeded,
              count(*) filter (where status = 'failed')::int as failed,
              count(*) filter (where status in ('claimed', 'running'))::int as in_flight,
              coalesce(sum(input_tokens), 0)::bigint as input_tokens, coalesce(sum(output_tokens), 0)::bigint as output_tokens,
              coalesce(sum(cost_usd), 0)::float8 as cost_usd
       from persona_ticks where created_at >= $1`,
      [since],
    ),
    deps.database.query(
      `select u.name as persona_name, f.module, f.rating, f.notes, f.created_at
       from persona_feedback f join users u on u.id = f.persona_id
       where f.created_at >= $1 and f.status = 'rated' and f.rating <= 2
       order by f.created_at desc limit 20`,
      [since],
    ),
  ]);
  const t = ticks[0] ?? {};
  const toolRows = tools.map((row) => {
    const handled = num(row.handled) > 0;
    return {
      toolName: String(row.tool_name),
      module: String(row.module),
      calls: num(row.calls),
      errors: num(row.errors),
      p50LatencyMs: numOrNull(handled ? row.h50 : row.c50),
      latencySource: handled ? ('handler' as const) : ('client' as const),
      p50ClientMs: numOrNull(row.c50),
      flagged: flags.tool(String(row.tool_name)),
      lastError: (row.last_error as string | null) ?? null,
    };
  });
  const moduleFlags = (module: string) => [...new Set([...flags.module(module), ...toolRows.filter((r) => r.module === module).flatMap((r) => r.flagged)])];
  return {
    since,
    modules: modules.map((m) => ({
      module: String(m.module),
      averageRating: m.avg_rating === null ? null : num(m.avg_rating),
      ratings: num(m.ratings),
      parseErrors: num(m.parse_errors),
      actions: num(m.actions),
      errors: num(m.errors),
      flagged: moduleFlags(String(m.module)),
    })),
    tools: toolRows,
    ticks: {
      succeeded: num(t.succeeded),
      failed: num(t.failed),
      inFlight: num(t.in_flight),
      inputTokens: num(t.input_tokens),
      outputTokens: num(t.output_tokens),
      costUsd: num(t.cost_usd),
    },
    complaints: complaints.map((c) => ({
      personaName: String(c.persona_name),
      module: String(c.module),
      rating: num(c.rating),
      notes: (c.notes as string | null) ?? null,
      createdAt: iso(c.created_at),
    })),
  };
}
