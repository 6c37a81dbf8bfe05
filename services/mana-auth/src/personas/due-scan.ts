import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@mana/db';
import { tickIdFor } from './ids';
import { personaColumns, type PersonaRow } from './profile';
import { currentSlot, nextSlotStart, type Slot } from './slot';
import { rowsOf, textArray, toDate } from './sql-rows';
import { judgeTick, type TickRow, type TickVerdict } from './tick-state';

/** A persona whose `next_due_at` has come, judged against the tick of its current slot. */
export interface Candidate {
  row: PersonaRow;
  /** Null on a day the cadence skips (weekdays on a weekend). */
  slot: Slot | null;
  tickId: string | null;
  tick: TickRow | undefined;
  verdict: TickVerdict;
}

interface ScanOptions {
  now: Date;
  limit: number;
  maxAttempts: number;
  /** Lock the persona rows (`FOR UPDATE SKIP LOCKED`) and their ticks: claim does, due does not. */
  lock: boolean;
  /** Keyset cursor: continue after this (next_due_at, user_id). */
  after?: { nextDueAt: Date; userId: string };
}

/**
 * One page of the due scan: personas with `next_due_at <= now` in
 * `next_due_at` order (never-run personas sit at the epoch, so they come
 * first), one index range scan, then one lookup of their current ticks.
 */
export async function scanCandidates(db: Db | Tx, options: ScanOptions): Promise<Candidate[]> {
  const { now, limit, lock, after } = options;
  const cursor = after ? sql`and (p.next_due_at, p.user_id) > (${after.nextDueAt.toISOString()}::timestamptz, ${after.userId})` : sql``;
  const rows = await rowsOf<PersonaRow>(
    db,
    sql`select ${personaColumns} from personas p join users u on u.id = p.user_id
        where p.next_due_at <= ${now.toISOString()}::timestamptz ${cursor}
        order by p.next_due_at, p.user_id limit ${limit}
        ${lock ? sql`for update of p skip locked` : sql``}`,
  );
  const slotted = rows.map((row) => {
    const slot = currentSlot(row.tick_cadence, row.time_zone, now);
    return { row, slot, tickId: slot ? tickIdFor(row.user_id, slot.key) : null };
  });
  const ids = slotted.flatMap((s) => (s.tickId ? [s.tickId] : []));
  const ticks = ids.length
    ? await rowsOf<TickRow>(
        db,
        sql`select id, persona_id, slot, slot_ends_at, status, attempt, lease_owner, lease_expires_at, next_attempt_at
            from persona_ticks where id = any(${textArray(ids)})
            ${lock ? sql`for update` : sql``}`,
      )
    : [];
  const byId = new Map(ticks.map((t) => [t.id, t]));
  return slotted.map(({ row, slot, tickId }) => {
    if (!slot || !tickId) {
      return { row, slot, tickId, tick: undefined, verdict: { due: false, reason: 'no-slot', nextDueAt: nextSlotStart(row.tick_cadence, row.time_zone, now) } };
    }
    const tick = byId.get(tickId);
    const verdict = judgeTick(tick, now, options.maxAttempts, () => nextSlotStart(row.tick_cadence, row.time_zone, now));
    return { row, slot, tickId, tick, verdict };
  });
}

/** Where the scan continues after a page. */
export function cursorAfter(page: Candidate[]): { nextDueAt: Date; userId: string } | undefined {
  const last = page.at(-1);
  return last ? { nextDueAt: toDate(last.row.next_due_at), userId: last.row.user_id } : undefined;
}
