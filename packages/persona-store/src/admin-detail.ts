import { sql } from 'drizzle-orm';
import type { ActionResult, AdminPersonaDetail } from '@mana/contracts';
import { AppError } from '@mana/core';
import { rowsOf, toIso } from '@mana/db';
import { summaryColumns, toSummary, WEEK_MS, type SummaryRow } from './admin-list';
import { TICK_COLUMNS, toTick, type TickRowOut } from './admin-tick';
import type { PersonaDeps } from './persona-deps';

type Stamp = Date | string;

/** One persona: profile and 7-day summary, its last 50 actions, per-module ratings and its tick history (last 50). */
export async function personaDetail(deps: Pick<PersonaDeps, 'database' | 'now'>, personaId: string): Promise<AdminPersonaDetail> {
  const { db } = deps.database;
  const since = new Date(deps.now().getTime() - WEEK_MS);
  const [row] = await rowsOf<SummaryRow & { system_prompt: string; module_mix: Record<string, number> }>(
    db,
    sql`select ${summaryColumns(since)}, p.system_prompt, p.module_mix from personas p join users u on u.id = p.user_id where p.user_id = ${personaId}`,
  );
  if (!row) throw new AppError('NOT_FOUND', `No persona ${personaId}`);

  const actions = await rowsOf<{
    id: string;
    tick_id: string;
    tool_name: string;
    module: string;
    result: ActionResult;
    error_message: string | null;
    latency_ms: number | null;
    created_at: Stamp;
  }>(
    db,
    sql`select id, tick_id, tool_name, module, result, error_message, latency_ms, created_at from persona_actions
        where persona_id = ${personaId} order by created_at desc, id limit 50`,
  );
  const modules = await rowsOf<{ module: string; avg: number | null; ratings: number; parse_errors: number }>(
    db,
    sql`select module, avg(rating) filter (where status = 'rated')::float8 as avg, count(*) filter (where status = 'rated')::int as ratings,
          count(*) filter (where status = 'parse_error')::int as parse_errors
        from persona_feedback where persona_id = ${personaId} group by module order by module`,
  );
  const ticks = await rowsOf<TickRowOut>(db, sql`select ${TICK_COLUMNS} from persona_ticks t where t.persona_id = ${personaId} order by t.created_at desc limit 50`);

  return {
    persona: { ...toSummary(row), systemPrompt: row.system_prompt, moduleMix: row.module_mix },
    actions: actions.map((a) => ({
      id: a.id,
      tickId: a.tick_id,
      toolName: a.tool_name,
      module: a.module,
      result: a.result,
      errorMessage: a.error_message,
      latencyMs: a.latency_ms,
      createdAt: toIso(a.created_at)!,
    })),
    modules: modules.map((m) => ({ module: m.module, averageRating: m.avg === null ? null : Number(m.avg), ratings: Number(m.ratings), parseErrors: Number(m.parse_errors) })),
    ticks: ticks.map(toTick),
  };
}
