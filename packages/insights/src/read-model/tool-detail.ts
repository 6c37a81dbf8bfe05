import type { AdminToolDetail } from '@mana/contracts';
import { AppError } from '@mana/core';
import type { ToolRegistry } from '@mana/tools';
import { toolSeries, toolSummaries, toToolError } from './tool-figures';
import { windowOf, type DashboardDeps } from '../window';

const ERRORS_SHOWN = 20;

/**
 * One tool: its figures beside the previous period, its daily trend and its
 * latest errors. NOT_FOUND for a name that is neither in the registry nor
 * ever called (a foreign module's tool is known by its calls).
 */
export async function adminToolDetailFor(deps: DashboardDeps & { registry: ToolRegistry }, input: { toolName: string; days: number }): Promise<AdminToolDetail> {
  const window = windowOf(deps.now(), input.days);
  const definition = deps.registry.tool(input.toolName);
  const [[summary], series, errors, known] = await Promise.all([
    toolSummaries(deps, window, { toolName: input.toolName }),
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
  const none = { calls: 0, errors: 0, errorRate: null, p50LatencyMs: null, p95LatencyMs: null };
  return {
    since: window.since,
    days: window.days,
    tool: summary ?? { toolName: input.toolName, module, ...none, previous: none, lastErrors: [] },
    description: definition?.description ?? null,
    series,
    errors: errors.map(toToolError),
  };
}
