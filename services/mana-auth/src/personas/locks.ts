import { sql } from 'drizzle-orm';
import type { TickCadence } from '@mana/contracts';
import { AppError } from '@mana/core';
import type { Tx } from '@mana/db';
import { rowsOf, textArray } from './sql-rows';
import type { TickRow } from './tick-state';

/** The persona fields the write verbs need. */
export interface LockedPersona {
  user_id: string;
  tick_cadence: TickCadence;
  time_zone: string;
}

/**
 * Locks a persona row (`FOR UPDATE`). Every write path locks the persona
 * before its ticks, the same order as claim, so they cannot deadlock.
 */
export async function lockPersona(tx: Tx, personaId: string): Promise<LockedPersona> {
  const [row] = await rowsOf<LockedPersona>(tx, sql`select user_id, tick_cadence, time_zone from personas where user_id = ${personaId} for update`);
  if (!row) throw new AppError('NOT_FOUND', `Unknown persona: ${personaId}`);
  return row;
}

/** Reads ticks by id, locked; throws NOT_FOUND for an unknown one and CONFLICT for another persona's. */
export async function lockTicksOf(tx: Tx, personaId: string, tickIds: string[]): Promise<Map<string, TickRow>> {
  const unique = [...new Set(tickIds)];
  const rows = await rowsOf<TickRow>(
    tx,
    sql`select id, persona_id, slot, slot_ends_at, status, attempt, lease_owner, lease_expires_at, next_attempt_at
        from persona_ticks where id = any(${textArray(unique)}) for update`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const tick = byId.get(id);
    if (!tick) throw new AppError('NOT_FOUND', `Unknown tick: ${id}`);
    if (tick.persona_id !== personaId) throw new AppError('CONFLICT', `Tick ${id} belongs to another persona`);
  }
  return byId;
}

/** The persona a tick belongs to (unlocked read, to take the locks in persona-then-tick order). */
export async function personaOfTick(tx: Tx, tickId: string): Promise<string> {
  const [row] = await rowsOf<{ persona_id: string }>(tx, sql`select persona_id from persona_ticks where id = ${tickId}`);
  if (!row) throw new AppError('NOT_FOUND', `Unknown tick: ${tickId}`);
  return row.persona_id;
}
