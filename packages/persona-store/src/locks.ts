import { eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '@mana/core';
import { type Persona, personas, personaTicks, rowsOf, toDate, type Tx } from '@mana/db';
import { tickColumns, type TickRow } from './tick-state';

/** The persona fields the write verbs need (the e-mail derives the password that nothing stored may hold). */
export type LockedPersona = Pick<Persona, 'userId' | 'tickCadence' | 'timeZone'> & { email: string };

/**
 * Locks a persona row (`FOR UPDATE`). Every write path locks the persona
 * before its ticks, the same order as claim, so they cannot deadlock.
 */
export async function lockPersona(tx: Tx, personaId: string): Promise<LockedPersona> {
  const [row] = await tx
    .select({
      userId: personas.userId,
      tickCadence: personas.tickCadence,
      timeZone: personas.timeZone,
      email: sql<string>`(select email from users where id = ${personas.userId})`,
    })
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
 * Locks a tick and its persona in ONE statement (one round trip instead of two),
 * persona first as every write path does: the tick is read in a lateral
 * subquery of the locked persona row, so no plan can lock it before the
 * persona. NOT_FOUND for an unknown tick.
 */
export async function lockTickWithPersona(tx: Tx, tickId: string): Promise<{ persona: LockedPersona; tick: TickRow }> {
  const [row] = await rowsOf<LockedRow>(
    tx,
    sql`select p.user_id, p.tick_cadence, p.time_zone, (select email from users where id = p.user_id) as email,
          t.id, t.slot, t.slot_ends_at, t.status, t.attempt, t.lease_owner, t.lease_expires_at, t.next_attempt_at
        from (select user_id, tick_cadence, time_zone from personas
              where user_id = (select persona_id from persona_ticks where id = ${tickId}) for update) p
        cross join lateral (select id, slot, slot_ends_at, status, attempt, lease_owner, lease_expires_at, next_attempt_at
              from persona_ticks where id = ${tickId} and persona_id = p.user_id for update) t`,
  );
  if (!row) throw new AppError('NOT_FOUND', `Unknown tick: ${tickId}`);
  return {
    persona: { userId: row.user_id, tickCadence: row.tick_cadence, timeZone: row.time_zone, email: row.email },
    tick: {
      id: row.id,
      personaId: row.user_id,
      slot: row.slot,
      slotEndsAt: toDate(row.slot_ends_at),
      status: row.status,
      attempt: row.attempt,
      leaseOwner: row.lease_owner,
      leaseExpiresAt: toDate(row.lease_expires_at),
      nextAttemptAt: toDate(row.next_attempt_at),
    },
  };
}

interface LockedRow {
  user_id: string;
  tick_cadence: LockedPersona['tickCadence'];
  time_zone: string;
  email: string;
  id: string;
  slot: string;
  slot_ends_at: Date | string;
  status: TickRow['status'];
  attempt: number;
  lease_owner: string | null;
  lease_expires_at: Date | string | null;
  next_attempt_at: Date | string | null;
}
