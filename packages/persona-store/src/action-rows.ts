import { sql, type SQL } from 'drizzle-orm';
import type { ActionReport, FeedbackReport } from '@mana/contracts';
import { AppError } from '@mana/core';
import { rowsOf, textArray, type Tx } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import { actionIdFor, feedbackIdFor } from './ids';
import type { Redact } from './stored-redaction';
import type { TickRow } from './tick-state';

/** Module recorded for a tool the registry does not know (a model's invented tool name). */
export const UNKNOWN_MODULE = 'unknown';

/**
 * Module an action is stored with: the registry's for a Mana tool, else the
 * module the runner reported (a foreign MCP server's), else `unknown`.
 */
export function moduleOfAction(registry: ToolRegistry, action: ActionReport): string {
  return registry.tool(action.toolName)?.module ?? action.module ?? UNKNOWN_MODULE;
}

/**
 * Refuses (VALIDATION, before any write) a reported module that disagrees with
 * the registry's module of a Mana tool, naming the tool.
 */
export function checkActions(registry: ToolRegistry, actions: ActionReport[]): void {
  const problems: string[] = [];
  actions.forEach((a, i) => {
    const known = registry.tool(a.toolName)?.module;
    if (known !== undefined && a.module !== undefined && a.module !== known) {
      problems.push(`actions.${i}.module: tool ${a.toolName} belongs to module "${known}", not "${a.module}"`);
    }
  });
  if (problems.length) throw new AppError('VALIDATION', problems.join('; '), { fields: problems });
}

/**
 * Modules of the actions stored for the given ticks (tick id -> modules),
 * `unknown` left out: it names no module, so nobody rates it.
 */
export async function actionModulesOf(tx: Tx, tickIds: string[]): Promise<Map<string, Set<string>>> {
  const byTick = new Map<string, Set<string>>();
  if (tickIds.length === 0) return byTick;
  const rows = await rowsOf<{ tick_id: string; module: string }>(
    tx,
    sql`select distinct tick_id, module from persona_actions where tick_id = any(${textArray(tickIds)}) and module <> ${UNKNOWN_MODULE}`,
  );
  for (const row of rows) byTick.set(row.tick_id, (byTick.get(row.tick_id) ?? new Set()).add(row.module));
  return byTick;
}

/**
 * Checks what zod cannot: every rated module is in the registry or is the
 * module of an action of the same tick (`tickModules`, a foreign server's), and
 * no module is rated twice for one tick. Runs before any write.
 */
export function checkFeedback(registry: ToolRegistry, feedback: FeedbackReport[], tickModules: ReadonlyMap<string, ReadonlySet<string>> = new Map()): void {
  const seen = new Set<string>();
  const problems: string[] = [];
  feedback.forEach((f, i) => {
    if (!registry.hasModule(f.module) && !tickModules.get(f.tickId)?.has(f.module)) {
      problems.push(`feedback.${i}.module: unknown module "${f.module}" (neither a Mana module nor the module of an action of tick ${f.tickId})`);
    }
    const key = `${f.tickId}\u001f${f.module}`;
    if (seen.has(key)) problems.push(`feedback.${i}.module: "${f.module}" rated twice for tick ${f.tickId}`);
    seen.add(key);
  });
  if (problems.length) throw new AppError('VALIDATION', problems.join('; '), { fields: problems });
}

/**
 * Inserts tool calls; ids come from (tick, attempt, callId), so a retried
 * report inserts nothing twice. The module comes from `moduleOfAction`, never
 * from the tool's name; `called_at` is the runner's time of the call (else
 * the report's). Returns the number of new rows.
 */
export async function insertActions(
  tx: Tx,
  registry: ToolRegistry,
  personaId: string,
  ticks: Map<string, TickRow>,
  actions: ActionReport[],
  now: Date,
  redact: Redact,
): Promise<number> {
  return actions.length === 0 ? 0 : countInserted(tx, actionsInsert(registry, personaId, ticks, actions, now, redact));
}

/** The insert of `insertActions` (`… returning 1` per new row), for a statement that writes more (completion). */
export function actionsInsert(registry: ToolRegistry, personaId: string, ticks: Map<string, TickRow>, actions: ActionReport[], now: Date, redact: Redact): SQL {
  const rows = actions.map((a) => ({
    id: actionIdFor(a.tickId, ticks.get(a.tickId)!.attempt, a.callId),
    tick_id: a.tickId,
    call_id: a.callId,
    tool_name: a.toolName,
    module: moduleOfAction(registry, a),
    input_hash: a.inputHash,
    result: a.result,
    // Free text from a model or a tool: a secret in it is not stored (as in the day's record).
    error_message: a.errorMessage == null ? null : redact(a.errorMessage),
    latency_ms: a.latencyMs ?? null,
    called_at: a.calledAt ?? now.toISOString(),
    handler_ms: a.handlerMs ?? null,
    empty_result: a.emptyResult ?? null,
  }));
  return sql`insert into persona_actions (id, persona_id, tick_id, call_id, tool_name, module, input_hash, result, error_message, latency_ms, handler_ms, empty_result, called_at, created_at)
        select r.id, ${personaId}, r.tick_id, r.call_id, r.tool_name, r.module, r.input_hash, r.result, r.error_message, r.latency_ms, r.handler_ms, r.empty_result, r.called_at, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(id text, tick_id text, call_id text, tool_name text, module text, input_hash text, result text, error_message text, latency_ms integer, handler_ms float8, empty_result boolean, called_at timestamptz)
        on conflict (id) do nothing returning 1`;
}

/** Inserts module ratings, one per module per tick; a retry inserts nothing. Returns the number of new rows. */
export async function insertFeedback(tx: Tx, personaId: string, feedback: FeedbackReport[], now: Date, redact: Redact): Promise<number> {
  return feedback.length === 0 ? 0 : countInserted(tx, feedbackInsert(personaId, feedback, now, redact));
}

/** The insert of `insertFeedback` (`… returning 1` per new row), for a statement that writes more (completion). */
export function feedbackInsert(personaId: string, feedback: FeedbackReport[], now: Date, redact: Redact): SQL {
  const rows = feedback.map((f) => ({
    id: feedbackIdFor(f.tickId, f.module),
    tick_id: f.tickId,
    module: f.module,
    rating: f.status === 'rated' ? (f.rating ?? null) : null,
    notes: f.notes == null ? null : redact(f.notes),
    status: f.status,
  }));
  return sql`insert into persona_feedback (id, persona_id, tick_id, module, rating, notes, status, created_at)
        select r.id, ${personaId}, r.tick_id, r.module, r.rating, r.notes, r.status, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, tick_id text, module text, rating smallint, notes text, status text)
        on conflict do nothing returning 1`;
}

/** Runs an `insert … returning 1` and counts the rows it inserted. */
async function countInserted(tx: Tx, insert: SQL): Promise<number> {
  const [{ n }] = await rowsOf<{ n: number }>(tx, sql`with inserted as (${insert}) select count(*)::int as n from inserted`);
  return Number(n);
}
