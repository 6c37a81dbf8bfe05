import { sql } from 'drizzle-orm';
import type { HeartbeatRequest } from '@mana/contracts';
import { AppError } from '@mana/core';
import { setNextDue } from './claim';
import { lockPersona, lockTicksOf, personaOfTick } from './locks';
import type { PersonaDeps } from './persona-deps';
import { assertAttempt } from './tick-state';

/**
 * Extends the lease of a tick held by the same runner and marks it running.
 * A tick that finished, whose lease another runner has taken since, or that was
 * reclaimed for a later attempt than the one given, is a CONFLICT.
 */
export async function heartbeat(
  deps: PersonaDeps,
  input: HeartbeatRequest & { tickId: string },
): Promise<{ leaseExpiresAt: string }> {
  const now = deps.now();
  const leaseExpiresAt = new Date(now.getTime() + input.leaseMs);
  return deps.database.db.transaction(async (tx) => {
    const personaId = await personaOfTick(tx, input.tickId);
    await lockPersona(tx, personaId);
    const tick = (await lockTicksOf(tx, personaId, [input.tickId])).get(input.tickId)!;
    assertAttempt(tick, input.attempt);
    if (tick.status !== 'claimed' && tick.status !== 'running') throw new AppError('CONFLICT', `Tick ${tick.id} is already ${tick.status}`);
    if (tick.leaseOwner !== input.runnerId) throw new AppError('CONFLICT', `Tick ${tick.id} is leased to another runner`);
    await tx.execute(
      sql`update persona_ticks set status = 'running', lease_expires_at = ${leaseExpiresAt.toISOString()}::timestamptz where id = ${tick.id}`,
    );
    await setNextDue(tx, [{ userId: personaId, nextDueAt: leaseExpiresAt }]);
    return { leaseExpiresAt: leaseExpiresAt.toISOString() };
  });
}
