import type { AdminToolDetail } from '@mana/contracts';
import { AppError } from '@mana/core';
import type { ToolRegistry } from '@mana/tools';
import type { ReportDeps } from '../report/build-report';
import { windowOf } from '../window';
import { reportFlags } from './report-flags';
import { toolSeries, toolSummaries, toToolError, unusedTool } from './tool-figures';

const ERRORS_SHOWN = 20;

/**
 * One tool: its figures beside the previous period (with what the report
 * flags), its daily trend and its latest errors. NOT_FOUND for a name that is neither in the registry nor
 * ever called (a foreign module's tool is known by its calls).
 */
export async function adminToolDetailFor(deps: ReportDeps & { registry: ToolRegistry }, input: { toolName: string; days: number }): Promise<AdminToolDetail> {
  const window = windowOf(deps.now(), input.days);
  const definition = deps.registry.tool(input.toolName);
  const flags = await reportFlags(deps, window);
  const [[summary], series, errors, known] = await Promise.all([
    toolSummaries(deps, window, flags, { toolName: input.toolName }),
    toolSeries(deps, window, { toolName: input.toolName }),
    deps.database.query(
      `select a.tool_name, a.tick_id, a.persona_id, u.name as persona_name, a.error_message, a.created_at
       from persona_actions a join users u on u.id = a.persona_id
       where a.tool_name = $1 and a.created_at >= $2 and a.result = 'error' order by a.created_at desc, a.id limit ${ERRORS_SHOWN}`,
      [input.toolName, window.since],
    ),
    deps.database.query(`select module from persona_actions where tool_name = $1 limit 1`, [input.toolName]),
  ]);
  if (!definition && known.length === 0) throw new AppError('NOT_FOUND', `No tool ${input.toolName}`);
  const module = definition?.module ?? String(known[0]?.module);
  return {
    since: window.since,
    days: window.days,
    tool: summary ?? unusedTool(input.toolName, module),
    description: definition?.description ?? null,
    series: series.points,
    errors: errors.map(toToolError),
  };
}
