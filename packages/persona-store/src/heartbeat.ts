import { eq } from 'drizzle-orm';
import type { HeartbeatRequest } from '@mana/contracts';
import { AppError } from '@mana/core';
import { personas, personaTicks } from '@mana/db';
import { lockTickWithPersona } from './locks';
import type { PersonaDeps } from './persona-deps';
import { assertAttempt } from './tick-state';

/**
 * Extends the lease of a tick held by the same runner and marks it running.
 * A tick that finished, whose lease another runner has taken since, or that was
 * reclaimed for a later attempt than the one given, is a CONFLICT.
 */
export async function heartbeat(deps: PersonaDeps, input: HeartbeatRequest & { tickId: string }): Promise<{ leaseExpiresAt: string }> {
  const now = deps.now();
  const leaseExpiresAt = new Date(now.getTime() + input.leaseMs);
  return deps.database.db.transaction(async (tx) => {
    const { persona, tick } = await lockTickWithPersona(tx, input.tickId);
    const personaId = persona.userId;
    assertAttempt(tick, input.attempt);
    if (tick.status !== 'claimed' && tick.status !== 'running') throw new AppError('CONFLICT', `Tick ${tick.id} is already ${tick.status}`);
    if (tick.leaseOwner !== input.runnerId) throw new AppError('CONFLICT', `Tick ${tick.id} is leased to another runner`);
    // Lease and due hint move together, in one statement (a data-modifying CTE).
    const lease = tx.$with('lease').as(tx.update(personaTicks).set({ status: 'running', leaseExpiresAt }).where(eq(personaTicks.id, tick.id)).returning({ id: personaTicks.id }));
    await tx.with(lease).update(personas).set({ nextDueAt: leaseExpiresAt }).where(eq(personas.userId, personaId));
    return { leaseExpiresAt: leaseExpiresAt.toISOString() };
  });
}
