import { sql, type SQL } from 'drizzle-orm';
import type { CompleteRequest, CompleteResponse } from '@mana/contracts';
import { AppError } from '@mana/core';
import { isValueRefused, type PersonaTick, rowsOf, toDate, type Tx } from '@mana/db';
import { lockTickWithPersona } from './locks';
import { DEFAULT_MAX_ATTEMPTS, type PersonaDeps } from './persona-deps';
import { actionModulesOf, actionsInsert, checkActions, checkFeedback, feedbackInsert, moduleOfAction, UNKNOWN_MODULE } from './action-rows';
import { nextSlotStart } from './slot';
import { assertAttempt, backoffUntil } from './tick-state';
import { storedRedaction } from './stored-redaction';
import { readRecord, recordUpsert, type RecordToStore } from './tick-records';
import { checkSurface, fingerprintColumns, surfaceInsert, type FingerprintColumns } from './tick-fingerprint';

/**
 * Closes a tick in ONE transaction: remaining actions, feedback, usage and
 * status. Succeeded: `last_active_at` is set and the persona waits for its
 * next slot, also when it made no tool call. Failed: retried after 1, 2, 4, ...
 * minutes (never past the slot), given up after `maxAttempts` until the next
 * slot. Repeating a completion that already landed changes nothing. A
 * completion (or an action row) for another attempt than the tick's current
 * one is a CONFLICT and writes nothing. Ratings may name a Mana module or the
 * module of an action of this tick (stored or in this request). The day's
 * record, when sent, is stored (redacted) in the same transaction; a record
 * that cannot be stored as sent (not a record, over the cap, refused by the
 * database) is cut or dropped, never costing the actions and ratings, and the
 * tick's `record_error` says why. The tick's simulator fingerprint is stored
 * on its row with the simulator key derived here, and a surface sent with it
 * once per hash in `tool_surfaces`; a surface whose tools do not hash to its
 * hash is refused (VALIDATION) and nothing is written.
 */
export async function completeTick(deps: PersonaDeps, tickId: string, input: CompleteRequest): Promise<CompleteResponse> {
  const foreign = [...(input.actions ?? []), ...(input.feedback ?? [])].findIndex((r) => r.tickId !== tickId);
  if (foreign >= 0) throw new AppError('VALIDATION', `Every reported row must belong to tick ${tickId}`);
  checkActions(deps.registry, input.actions ?? []);
  checkSurface(input);
  const record = readRecord(input.record);
  try {
    return await closeInTransaction(deps, tickId, input, record);
  } catch (error) {
    // Only the record can hold values PostgreSQL refuses past the contracts: the rest is stored without it.
    if (!record.record || !isValueRefused(error)) throw error;
    const reason = `record dropped: the database refused it (${(error as { cause?: Error }).cause?.message ?? (error as Error).message})`.slice(0, 500);
    return closeInTransaction(deps, tickId, input, { error: reason });
  }
}

async function closeInTransaction(deps: PersonaDeps, tickId: string, input: CompleteRequest, record: RecordToStore): Promise<CompleteResponse> {
  const now = deps.now();
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  return deps.database.db.transaction(async (tx) => {
    const { persona, tick } = await lockTickWithPersona(tx, tickId);
    const ticks = new Map([[tickId, tick]]);
    assertAttempt(tick, input.attempt);
    if (input.feedback?.some((f) => !deps.registry.hasModule(f.module))) {
      // A rating may name a module acted on in this tick (foreign MCP servers); only then are the tick's actions read.
      const modules = (await actionModulesOf(tx, [tickId])).get(tickId) ?? new Set<string>();
      for (const action of input.actions ?? []) modules.add(moduleOfAction(deps.registry, action));
      modules.delete(UNKNOWN_MODULE);
      checkFeedback(deps.registry, input.feedback, new Map([[tickId, modules]]));
    } else if (input.feedback?.length) {
      checkFeedback(deps.registry, input.feedback);
    }
    for (const action of input.actions ?? []) assertAttempt(tick, action.attempt);
    if (input.runnerId !== undefined && tick.leaseOwner !== null && tick.leaseOwner !== input.runnerId) {
      throw new AppError('CONFLICT', `Tick ${tickId} is leased to another runner`);
    }
    if (tick.status === 'succeeded' || tick.status === 'failed') {
      if (tick.status !== input.status) throw new AppError('CONFLICT', `Tick ${tickId} already finished as ${tick.status}`);
      return { ...tickState(tickId, tick, maxAttempts), insertedActions: 0, insertedFeedback: 0 };
    }
    const redact = await storedRedaction(tx, deps.config, persona.email, [input.error, input.actions, input.feedback, record.record]);
    const slotEndsAt = tick.slotEndsAt;
    const afterSlot = nextSlotStart(persona.tickCadence, persona.timeZone, new Date(slotEndsAt.getTime() - 1));
    const gaveUp = input.status === 'failed' && tick.attempt >= maxAttempts;
    const retryAt = input.status === 'failed' && !gaveUp ? backoffUntil(tick.attempt, now, slotEndsAt) : null;
    const closed = await closeTick(tx, {
      tickId,
      personaId: persona.userId,
      input,
      error: input.error === undefined ? null : redact(input.error),
      now,
      retryAt,
      nextDueAt: retryAt ?? afterSlot,
      actions: input.actions?.length ? actionsInsert(deps.registry, persona.userId, ticks, input.actions, now, redact) : undefined,
      feedback: input.feedback?.length ? feedbackInsert(persona.userId, input.feedback, now, redact) : undefined,
      record: record.record ? recordUpsert(persona.userId, tickId, redact(record.record), now) : undefined,
      recordError: record.error ?? null,
      fingerprint: fingerprintColumns(input),
      surface: input.surface ? surfaceInsert(input.surface, now) : undefined,
    });
    return { ...tickState(tickId, closed, maxAttempts), insertedActions: closed.insertedActions, insertedFeedback: closed.insertedFeedback };
  });
}

interface Closing {
  tickId: string;
  personaId: string;
  input: CompleteRequest;
  /** The tick's error, redacted. */
  error: string | null;
  now: Date;
  retryAt: Date | null;
  nextDueAt: Date;
  actions?: SQL;
  feedback?: SQL;
  record?: SQL;
  recordError: string | null;
  fingerprint: FingerprintColumns;
  surface?: SQL;
}

/**
 * The completion's writes in ONE statement (data-modifying CTEs, one per table:
 * one round trip for six tables): the remaining actions, the ratings, the
 * record, the surface, the persona's due hint (and `last_active_at` on
 * success) and the tick's status, usage, fingerprint and lease release.
 * Returns the tick's new state and the rows the report CTEs inserted.
 */
async function closeTick(tx: Tx, c: Closing): Promise<StateRow & { insertedActions: number; insertedFeedback: number }> {
  const none = sql`select 1 where false`;
  const { input, now, fingerprint: fp } = c;
  const at = (date: Date | null) => (date ? sql`${date.toISOString()}::timestamptz` : sql`null::timestamptz`);
  const [row] = await rowsOf<{ status: PersonaTick['status']; attempt: number; next_attempt_at: Date | string | null; actions: number; feedback: number }>(
    tx,
    sql`with a as (${c.actions ?? none}), f as (${c.feedback ?? none})${c.record ? sql`, r as (${c.record})` : sql``}${c.surface ? sql`, s as (${c.surface})` : sql``},
        hint as (
          update personas set next_due_at = ${at(c.nextDueAt)}${input.status === 'succeeded' ? sql`, last_active_at = ${at(now)}` : sql``}
          where user_id = ${c.personaId} returning user_id)
        update persona_ticks set
          status = ${input.status}, lease_owner = null, lease_expires_at = null, next_attempt_at = ${at(c.retryAt)},
          finished_at = ${at(now)}, driver = ${input.driver}, model = ${input.model ?? null}, error = ${c.error}, record_error = ${c.recordError},
          prompt_hash = ${fp.promptHash}, policy_version = ${fp.policyVersion}, surface_hash = ${fp.surfaceHash}, simulator_key = ${fp.simulatorKey},
          input_tokens = input_tokens + ${input.usage.inputTokens}, output_tokens = output_tokens + ${input.usage.outputTokens},
          cost_usd = cost_usd + ${input.usage.costUsd}
        where id = ${c.tickId}
        returning status, attempt, next_attempt_at, (select count(*) from a)::int as actions, (select count(*) from f)::int as feedback`,
  );
  if (!row) throw new Error(`tick ${c.tickId} vanished while locked`);
  return { status: row.status, attempt: row.attempt, nextAttemptAt: toDate(row.next_attempt_at), insertedActions: Number(row.actions), insertedFeedback: Number(row.feedback) };
}

type StateRow = Pick<PersonaTick, 'status' | 'attempt' | 'nextAttemptAt'>;

function tickState(tickId: string, row: StateRow, maxAttempts: number): Omit<CompleteResponse, 'insertedActions' | 'insertedFeedback'> {
  return {
    tickId,
    status: row.status,
    attempt: row.attempt,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    gaveUp: row.status === 'failed' && row.attempt >= maxAttempts,
  };
}
