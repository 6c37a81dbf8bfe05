import { sql } from 'drizzle-orm';
import { MAX_ACTIONS_PER_BATCH, MAX_FEEDBACK_PER_BATCH, type ActionReport, type FeedbackReport } from '@mana/contracts';
import { AppError } from '@mana/core';
import { textArray } from '@mana/db';
import { lockPersona, lockTicksOf } from './locks';
import { storedRedaction } from './stored-redaction';
import type { PersonaDeps } from './persona-deps';
import { actionModulesOf, checkActions, checkFeedback, insertActions, insertFeedback } from './action-rows';
import { assertAttempt } from './tick-state';

/**
 * Records a batch of tool calls of a persona (1-500, idempotent) and bumps its
 * `last_active_at`. Unknown persona or tick: NOT_FOUND; a tick of another
 * persona, or a row for another attempt than the tick's current one: CONFLICT;
 * a module that disagrees with the registry: VALIDATION; nothing is written unless the whole batch is accepted.
 */
export async function reportActions(deps: PersonaDeps, personaId: string, actions: ActionReport[]): Promise<{ inserted: number }> {
  if (actions.length > MAX_ACTIONS_PER_BATCH) throw new AppError('PAYLOAD_TOO_LARGE', `At most ${MAX_ACTIONS_PER_BATCH} actions per batch (got ${actions.length})`);
  if (actions.length === 0) throw new AppError('VALIDATION', 'actions: at least one action');
  checkActions(deps.registry, actions);
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const persona = await lockPersona(tx, personaId);
    const ticks = await lockTicksOf(
      tx,
      personaId,
      actions.map((a) => a.tickId),
    );
    for (const action of actions) assertAttempt(ticks.get(action.tickId)!, action.attempt);
    const redact = await storedRedaction(tx, deps.config, persona.email, actions);
    const inserted = await insertActions(tx, deps.registry, personaId, ticks, actions, now, redact);
    await tx.execute(sql`update personas set last_active_at = ${now.toISOString()}::timestamptz where user_id = ${personaId}`);
    await tx.execute(sql`update persona_ticks set status = 'running' where status = 'claimed' and id = any(${textArray([...ticks.keys()])})`);
    return { inserted };
  });
}

/**
 * Records module ratings of a persona (1-100, one per module per tick,
 * idempotent). A rated module is a Mana module or the module of an action
 * already stored for the tick. A `parse_error` row keeps the raw answer in
 * notes and no rating.
 */
export async function reportFeedback(deps: PersonaDeps, personaId: string, feedback: FeedbackReport[]): Promise<{ inserted: number }> {
  if (feedback.length > MAX_FEEDBACK_PER_BATCH) throw new AppError('PAYLOAD_TOO_LARGE', `At most ${MAX_FEEDBACK_PER_BATCH} ratings per batch (got ${feedback.length})`);
  if (feedback.length === 0) throw new AppError('VALIDATION', 'feedback: at least one rating');
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const persona = await lockPersona(tx, personaId);
    const ticks = await lockTicksOf(
      tx,
      personaId,
      feedback.map((f) => f.tickId),
    );
    checkFeedback(deps.registry, feedback, await actionModulesOf(tx, [...ticks.keys()]));
    const redact = await storedRedaction(tx, deps.config, persona.email, feedback);
    return { inserted: await insertFeedback(tx, personaId, feedback, now, redact) };
  });
}
