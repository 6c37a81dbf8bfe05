import { sql } from 'drizzle-orm';
import {
  tickRecord,
  type ActionResult,
  type AdminPersonaTicksResponse,
  type AdminTick,
  type AdminTickDetail,
  type AdminTickFingerprint,
  type FeedbackStatus,
  type TickStatus,
} from '@mana/contracts';
import { AppError } from '@mana/core';
import { rowsOf, toIso } from '@mana/db';
import type { PersonaDeps } from './persona-deps';

type Stamp = Date | string;

/** A `persona_ticks` row as selected by `TICK_COLUMNS`. */
export interface TickRowOut {
  id: string;
  persona_id: string;
  slot: string;
  status: TickStatus;
  attempt: number;
  driver: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  error: string | null;
  record_error: string | null;
  created_at: Stamp;
  started_at: Stamp | null;
  finished_at: Stamp | null;
  next_attempt_at: Stamp | null;
}

/** The columns of an admin tick row (`persona_ticks t`). */
export const TICK_COLUMNS = sql.raw(
  't.id, t.persona_id, t.slot, t.status, t.attempt, t.driver, t.model, t.input_tokens, t.output_tokens, t.cost_usd, t.error, t.record_error, t.created_at, t.started_at, t.finished_at, t.next_attempt_at',
);

/** A tick row as the admin API shows it. */
export function toTick(t: TickRowOut): AdminTick {
  return {
    id: t.id,
    personaId: t.persona_id,
    slot: t.slot,
    status: t.status,
    attempt: Number(t.attempt),
    driver: t.driver,
    model: t.model,
    inputTokens: Number(t.input_tokens),
    outputTokens: Number(t.output_tokens),
    costUsd: Number(t.cost_usd),
    error: t.error,
    recordError: t.record_error,
    createdAt: toIso(t.created_at)!,
    startedAt: toIso(t.started_at),
    finishedAt: toIso(t.finished_at),
    nextAttemptAt: toIso(t.next_attempt_at),
  };
}

/** The fingerprint columns of a tick row, with the tool count of its stored surface. */
interface FingerprintRowOut {
  prompt_hash: string | null;
  policy_version: string | null;
  simulator_key: string | null;
  surface_hash: string | null;
  surface_tools: number | null;
}

const FINGERPRINT_COLUMNS = sql.raw(
  't.prompt_hash, t.policy_version, t.simulator_key, t.surface_hash, (select s.tool_count from tool_surfaces s where s.hash = t.surface_hash) as surface_tools',
);

function toFingerprint(t: TickRowOut & FingerprintRowOut): AdminTickFingerprint {
  return {
    driver: t.driver,
    model: t.model,
    promptHash: t.prompt_hash,
    policyVersion: t.policy_version,
    simulatorKey: t.simulator_key,
    surfaceHash: t.surface_hash,
    surfaceTools: t.surface_tools === null ? null : Number(t.surface_tools),
  };
}

/**
 * One tick for the admin: its row with its simulator fingerprint, persona, actions in call order, ratings
 * (each with the actions of its module in this tick, the calls that ground
 * it) and the day's record (null when none was sent or it expired).
 */
export async function tickDetail(deps: Pick<PersonaDeps, 'database'>, tickId: string): Promise<AdminTickDetail> {
  const { db } = deps.database;
  const [row] = await rowsOf<TickRowOut & FingerprintRowOut & { email: string; name: string; archetype: string }>(
    db,
    sql`select ${TICK_COLUMNS}, ${FINGERPRINT_COLUMNS}, u.email, u.name, p.archetype from persona_ticks t
        join personas p on p.user_id = t.persona_id join users u on u.id = t.persona_id where t.id = ${tickId}`,
  );
  if (!row) throw new AppError('NOT_FOUND', `No tick ${tickId}`);
  const actions = await rowsOf<{
    id: string;
    call_id: string;
    tool_name: string;
    module: string;
    input_hash: string;
    result: ActionResult;
    error_message: string | null;
    latency_ms: number | null;
    called_at: Stamp;
    created_at: Stamp;
  }>(
    db,
    sql`select id, call_id, tool_name, module, input_hash, result, error_message, latency_ms, called_at, created_at
        from persona_actions where tick_id = ${tickId} order by called_at, created_at, id`,
  );
  const feedback = await rowsOf<{ id: string; module: string; rating: number | null; notes: string | null; status: FeedbackStatus; created_at: Stamp }>(
    db,
    sql`select id, module, rating, notes, status, created_at from persona_feedback where tick_id = ${tickId} order by module`,
  );
  const [stored] = await rowsOf<{ record: unknown; bytes: number }>(db, sql`select record, bytes from persona_tick_records where tick_id = ${tickId}`);
  // A stored record of another version (or a hand-edited one) is not passed off as version 1.
  const record = stored ? tickRecord.safeParse(typeof stored.record === 'string' ? JSON.parse(stored.record) : stored.record) : undefined;

  return {
    tick: { ...toTick(row), fingerprint: toFingerprint(row) },
    persona: { userId: row.persona_id, email: row.email, name: row.name, archetype: row.archetype },
    actions: actions.map((a) => ({
      id: a.id,
      callId: a.call_id,
      toolName: a.tool_name,
      module: a.module,
      inputHash: a.input_hash,
      result: a.result,
      errorMessage: a.error_message,
      latencyMs: a.latency_ms,
      calledAt: toIso(a.called_at)!,
      createdAt: toIso(a.created_at)!,
    })),
    feedback: feedback.map((f) => {
      const grounds = f.status === 'rated' ? actions.filter((a) => a.module === f.module) : [];
      return {
        id: f.id,
        module: f.module,
        rating: f.rating === null ? null : Number(f.rating),
        notes: f.notes,
        status: f.status,
        createdAt: toIso(f.created_at)!,
        actionIds: grounds.map((a) => a.id),
        callIds: grounds.map((a) => a.call_id),
      };
    }),
    record: record?.success ? record.data : null,
    recordBytes: record?.success ? Number(stored.bytes) : null,
  };
}

/** A persona's ticks, newest first (paged), with call, error and rating counts and whether a record is kept. */
export async function personaTicks(deps: Pick<PersonaDeps, 'database'>, personaId: string, input: { limit: number; offset: number }): Promise<AdminPersonaTicksResponse> {
  const { db } = deps.database;
  const [persona] = await rowsOf<{ total: number }>(
    db,
    sql`select (select count(*) from persona_ticks where persona_id = p.user_id)::int as total from personas p where p.user_id = ${personaId}`,
  );
  if (!persona) throw new AppError('NOT_FOUND', `No persona ${personaId}`);
  const rows = await rowsOf<TickRowOut & { actions: number; errors: number; ratings: number; has_record: boolean }>(
    db,
    sql`select ${TICK_COLUMNS},
          (select count(*) from persona_actions a where a.tick_id = t.id)::int as actions,
          (select count(*) from persona_actions a where a.tick_id = t.id and a.result = 'error')::int as errors,
          (select count(*) from persona_feedback f where f.tick_id = t.id and f.status = 'rated')::int as ratings,
          exists (select 1 from persona_tick_records r where r.tick_id = t.id) as has_record
        from persona_ticks t where t.persona_id = ${personaId}
        order by t.created_at desc, t.id desc limit ${input.limit} offset ${input.offset}`,
  );
  return {
    ticks: rows.map((r) => ({ ...toTick(r), actions: Number(r.actions), errors: Number(r.errors), ratings: Number(r.ratings), hasRecord: Boolean(r.has_record) })),
    total: Number(persona.total),
  };
}
