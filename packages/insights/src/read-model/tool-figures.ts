import type { ToolError, ToolFigures, ToolSummary } from '@mana/contracts';
import type { DashboardDeps, Window } from '../window';
import { iso, num, numOrNull } from '../sql-values';

/** Which actions to summarise: all, one module's, or one tool's. */
export interface ToolFilter {
  module?: string;
  toolName?: string;
}

const LAST_ERRORS_PER_TOOL = 3;

function filterSql(filter: ToolFilter, params: unknown[], alias = ''): string {
  const parts: string[] = [];
  if (filter.module !== undefined) parts.push(`${alias}module = $${params.push(filter.module)}`);
  if (filter.toolName !== undefined) parts.push(`${alias}tool_name = $${params.push(filter.toolName)}`);
  return parts.map((p) => ` and ${p}`).join('');
}

const figures = (calls: unknown, errors: unknown, p50: unknown, p95: unknown): ToolFigures => ({
  calls: num(calls),
  errors: num(errors),
  errorRate: num(calls) > 0 ? num(errors) / num(calls) : null,
  p50LatencyMs: numOrNull(p50),
  p95LatencyMs: numOrNull(p95),
});

/** Maps an error row of `persona_actions a join users u` to the contract. */
export const toToolError = (row: Record<string, unknown>): ToolError => ({
  tickId: String(row.tick_id),
  personaId: String(row.persona_id),
  personaName: String(row.persona_name),
  toolName: String(row.tool_name),
  message: (row.error_message as string | null) ?? null,
  createdAt: iso(row.created_at),
});

/**
 * Per tool: calls, errors, error rate and latency p50/p95 in the window and in
 * the period of the same length before it, plus its latest errors. Tools with
 * calls in either period are listed, failures of the window first.
 */
export async function toolSummaries(deps: DashboardDeps, window: Window, filter: ToolFilter = {}): Promise<ToolSummary[]> {
  const params: unknown[] = [window.since, window.previousSince];
  const where = filterSql(filter, params);
  const rows = await deps.database.query(
    `select tool_name, min(module) as module,
            count(*) filter (where cur) as calls, count(*) filter (where cur and result = 'error') as errors,
            percentile_cont(0.5) within group (order by latency_ms) filter (where cur) as p50,
            percentile_cont(0.95) within group (order by latency_ms) filter (where cur) as p95,
            count(*) filter (where not cur) as prev_calls, count(*) filter (where not cur and result = 'error') as prev_errors,
            percentile_cont(0.5) within group (order by latency_ms) filter (where not cur) as prev_p50,
            percentile_cont(0.95) within group (order by latency_ms) filter (where not cur) as prev_p95
     from (select tool_name, module, result, latency_ms, created_at >= $1 as cur from persona_actions
           where created_at >= $2${where}) a
     group by tool_name`,
    params,
  );
  const errorParams: unknown[] = [window.since];
  const errorRows = await deps.database.query(
    `select * from (
       select a.tool_name, a.tick_id, a.persona_id, u.name as persona_name, a.error_message, a.created_at,
              row_number() over (partition by a.tool_name order by a.created_at desc, a.id) as n
       from persona_actions a join users u on u.id = a.persona_id
       where a.created_at >= $1 and a.result = 'error'${filterSql(filter, errorParams, 'a.')}) e
     where n <= ${LAST_ERRORS_PER_TOOL} order by created_at desc`,
    errorParams,
  );
  const summaries = rows.map((row) => ({
    toolName: String(row.tool_name),
    module: String(row.module),
    ...figures(row.calls, row.errors, row.p50, row.p95),
    previous: figures(row.prev_calls, row.prev_errors, row.prev_p50, row.prev_p95),
    lastErrors: errorRows.filter((e) => e.tool_name === row.tool_name).map(toToolError),
  }));
  return summaries.sort((a, b) => b.errors - a.errors || b.calls - a.calls || a.toolName.localeCompare(b.toolName));
}

/** SQL select list of the daily tool figures (calls, errors, p50, p95) grouped by `day`. */
export const TOOL_DAY_COLUMNS = `count(*) as calls, count(*) filter (where result = 'error') as errors,
  percentile_cont(0.5) within group (order by latency_ms) as p50, percentile_cont(0.95) within group (order by latency_ms) as p95`;

/** A daily tool row (from `TOOL_DAY_COLUMNS`) as a contract point. */
export const toToolPoint = (row: Record<string, unknown>) => ({ day: String(row.day), ...figures(row.calls, row.errors, row.p50, row.p95) });

/** An empty day of tool calls. */
export const emptyToolPoint = (day: string) => ({ day, ...figures(0, 0, null, null) });

/** Daily tool figures over the window, optionally for one module or tool. */
export async function toolSeries(deps: DashboardDeps, window: Window, filter: ToolFilter = {}) {
  const params: unknown[] = [window.since];
  const rows = await deps.database.query<Record<string, unknown> & { day: string }>(
    `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, ${TOOL_DAY_COLUMNS}
     from persona_actions where created_at >= $1${filterSql(filter, params)} group by 1`,
    params,
  );
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return window.days.map((day) => (byDay.has(day) ? toToolPoint(byDay.get(day)!) : emptyToolPoint(day)));
}
