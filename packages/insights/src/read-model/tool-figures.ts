import type { ToolError, ToolFigures, ToolSummary } from '@mana/contracts';
import type { DashboardDeps, Window } from '../window';
import { iso, num, numOrNull } from '../sql-values';
import type { ReportFlags } from './report-flags';

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

/**
 * SQL select list of one period's figures, each aggregate filtered by `cond`
 * and named with `prefix`: calls, errors, reads, empties, and the p50/p95 of the
 * handler time (nulls skipped) and of the client-measured latency.
 */
function figureColumns(cond: string, prefix = ''): string {
  const where = cond ? ` filter (where ${cond})` : '';
  const and = cond ? `${cond} and ` : '';
  const pct = (q: number, column: string) => `percentile_cont(${q}) within group (order by ${column})${where}`;
  return `count(*)${where} as ${prefix}calls, count(*) filter (where ${and}result = 'error') as ${prefix}errors,
    count(empty_result)${where} as ${prefix}reads, count(*) filter (where ${and}empty_result) as ${prefix}empties,
    count(handler_ms)${where} as ${prefix}handled,
    ${pct(0.5, 'handler_ms')} as ${prefix}h50, ${pct(0.95, 'handler_ms')} as ${prefix}h95,
    ${pct(0.5, 'latency_ms')} as ${prefix}c50, ${pct(0.95, 'latency_ms')} as ${prefix}c95`;
}

type LatencySource = ToolSummary['latencySource'];

/** The report's choice: the app's handler time wherever the server reported it, else the client's. */
const sourceOf = (handled: number): LatencySource => (handled > 0 ? 'handler' : 'client');

/** One period's figures from a row of `figureColumns(…, prefix)`, latency on `source`. */
function figures(row: Record<string, unknown>, source: LatencySource, prefix = ''): ToolFigures {
  const at = (name: string) => row[`${prefix}${name}`];
  const calls = num(at('calls'));
  const reads = num(at('reads'));
  return {
    calls,
    errors: num(at('errors')),
    errorRate: calls > 0 ? num(at('errors')) / calls : null,
    reads,
    empties: num(at('empties')),
    emptyRate: reads > 0 ? num(at('empties')) / reads : null,
    p50LatencyMs: numOrNull(at(source === 'handler' ? 'h50' : 'c50')),
    p95LatencyMs: numOrNull(at(source === 'handler' ? 'h95' : 'c95')),
    p50ClientMs: numOrNull(at('c50')),
    p95ClientMs: numOrNull(at('c95')),
  };
}

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
 * Per tool: calls, errors, empty reads and latency p50/p95 in the window and in
 * the period of the same length before it, the metrics the report flags, and its
 * latest errors. Latency is the handler time where the tool has any in either
 * period (as the report judges it), the client's beside it. Tools with calls in
 * either period are listed, failures of the window first.
 */
export async function toolSummaries(deps: DashboardDeps, window: Window, flags: ReportFlags, filter: ToolFilter = {}): Promise<ToolSummary[]> {
  const params: unknown[] = [window.since, window.previousSince];
  const where = filterSql(filter, params);
  const rows = await deps.database.query(
    `select tool_name, min(module) as module, ${figureColumns('cur')}, ${figureColumns('not cur', 'prev_')}
     from (select tool_name, module, result, empty_result, latency_ms, handler_ms, created_at >= $1 as cur from persona_actions
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
  const summaries = rows.map((row) => {
    const source = sourceOf(num(row.handled) + num(row.prev_handled));
    const toolName = String(row.tool_name);
    return {
      toolName,
      module: String(row.module),
      latencySource: source,
      ...figures(row, source),
      previous: figures(row, source, 'prev_'),
      flagged: flags.tool(toolName),
      lastErrors: errorRows.filter((e) => e.tool_name === row.tool_name).map(toToolError),
    };
  });
  return summaries.sort((a, b) => b.errors - a.errors || b.calls - a.calls || a.toolName.localeCompare(b.toolName));
}

/** A tool without calls in either period (a registry tool nobody used). */
export function unusedTool(toolName: string, module: string, flagged: ToolSummary['flagged'] = []): ToolSummary {
  const none = figures({}, 'client');
  return { toolName, module, latencySource: 'client', ...none, previous: none, flagged, lastErrors: [] };
}

/**
 * Daily tool figures over the window, optionally for one module or tool, with
 * latency on one source for the whole series: the handler time where any call
 * in the window or the period before reported it (as `toolSummaries` chooses).
 */
export async function toolSeries(deps: DashboardDeps, window: Window, filter: ToolFilter = {}) {
  const params: unknown[] = [window.since, window.previousSince];
  const rows = await deps.database.query<Record<string, unknown>>(
    `select case when created_at >= $1 then to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') end as day, ${figureColumns('')}
     from persona_actions where created_at >= $2${filterSql(filter, params)} group by 1`,
    params,
  );
  const latencySource = sourceOf(rows.reduce((sum, row) => sum + num(row.handled), 0));
  const byDay = new Map(rows.filter((row) => row.day !== null).map((row) => [String(row.day), row]));
  const points = window.days.map((day) => ({ day, ...figures(byDay.get(day) ?? {}, latencySource) }));
  return { points, latencySource };
}
