import { eq, inArray } from 'drizzle-orm';
import { AppError } from '@mana/core';
import { personas, personaTicks, type Persona, type Tx } from '@mana/db';
import { tickColumns, type TickRow } from './tick-state';

/** The persona fields the write verbs need. */
export type LockedPersona = Pick<Persona, 'userId' | 'tickCadence' | 'timeZone'>;

/**
 * Locks a persona row (`FOR UPDATE`). Every write path locks the persona
 * before its ticks, the same order as claim, so they cannot deadlock.
 */
export async function lockPersona(tx: Tx, personaId: string): Promise<LockedPersona> {
  const [row] = await tx
    .select({ userId: personas.userId, tickCadence: personas.tickCadence, timeZone: personas.timeZone })
    .from(personas)
    .where(eq(personas.userId, personaId))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', `Unknown persona: ${personaId}`);
  return row;
}

/** Reads ticks by id, locked; throws NOT_FOUND for an unknown one and CONFLICT for another persona's. */
export async function lockTicksOf(tx: Tx, personaId: string, tickIds: string[]): Promise<Map<string, TickRow>> {
  const unique = [...new Set(tickIds)];
  const rows = await tx.select(tickColumns).from(personaTicks).where(inArray(personaTicks.id, unique)).for('update');
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const tick = byId.get(id);
    if (!tick) throw new AppError('NOT_FOUND', `Unknown tick: ${id}`);
    if (tick.personaId !== personaId) throw new AppError('CONFLICT', `Tick ${id} belongs to another persona`);
  }
  return byId;
}

/**
 * Locks the persona a tick belongs to, found by an unlocked read of the tick
 * inside the same statement (one round trip); the locks are still taken in
 * persona-then-tick order.
 */
export async function lockPersonaOfTick(tx: Tx, tickId: string): Promise<LockedPersona> {
  const ofTick = tx.select({ personaId: personaTicks.personaId }).from(personaTicks).where(eq(personaTicks.id, tickId));
  const [row] = await tx
    .select({ userId: personas.userId, tickCadence: personas.tickCadence, timeZone: personas.timeZone })
    .from(personas)
    .where(inArray(personas.userId, ofTick))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', `Unknown tick: ${tickId}`);
  return row;
}
