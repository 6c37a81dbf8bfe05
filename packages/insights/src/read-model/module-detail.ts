import type { AdminModuleDetail } from '@mana/contracts';
import { AppError } from '@mana/core';
import type { ToolRegistry } from '@mana/tools';
import { ratingNotes, ratingSeries } from './ratings';
import { toolSummaries, unusedTool } from './tool-figures';
import { reportFlags } from './report-flags';
import type { ReportDeps } from '../report/build-report';
import { windowOf } from '../window';
import { num, numOrNull } from '../sql-values';

const NOTES_SHOWN = 30;

/**
 * One module: its rating in the window and per day (and whether the report
 * flags it), its tools (registry tools without calls included) and its recent
 * notes, complaints first. NOT_FOUND for a module neither in the registry nor
 * ever rated or called.
 */
export async function adminModuleDetailFor(deps: ReportDeps & { registry: ToolRegistry }, input: { module: string; days: number }): Promise<AdminModuleDetail> {
  const window = windowOf(deps.now(), input.days);
  const filter = { module: input.module };
  const flags = await reportFlags(deps, window);
  const [series, tools, notes, [totals], known] = await Promise.all([
    ratingSeries(deps, window, filter),
    toolSummaries(deps, window, flags, filter),
    ratingNotes(deps, window, filter, NOTES_SHOWN),
    deps.database.query(
      `select avg(rating) filter (where status = 'rated')::float8 as avg, count(*) filter (where status = 'rated') as ratings,
              count(*) filter (where status = 'parse_error') as parse_errors
       from persona_feedback where module = $1 and created_at >= $2`,
      [input.module, window.since],
    ),
    deps.database.query(`select 1 from persona_feedback where module = $1 union all select 1 from persona_actions where module = $1 limit 1`, [input.module]),
  ]);
  const definition = deps.registry.modules().find((m) => m.id === input.module);
  if (!definition && known.length === 0) throw new AppError('NOT_FOUND', `No module ${input.module}`);
  const unused = deps.registry
    .toolsOf(input.module)
    .filter((tool) => !tools.some((t) => t.toolName === tool.name))
    .map((tool) => unusedTool(tool.name, input.module));
  return {
    since: window.since,
    days: window.days,
    module: input.module,
    title: definition?.title ?? null,
    description: definition?.description ?? null,
    averageRating: numOrNull(totals?.avg),
    ratings: num(totals?.ratings),
    parseErrors: num(totals?.parse_errors),
    flagged: flags.module(input.module),
    series: series[0]?.points ?? window.days.map((day) => ({ day, averageRating: null, ratings: 0 })),
    tools: [...tools, ...unused],
    notes,
  };
}
