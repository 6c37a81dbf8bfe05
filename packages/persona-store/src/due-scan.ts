import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { personas, personaTicks, users, type Db, type Tx } from '@mana/db';
import { tickIdFor } from './ids';
import { personaColumns, type PersonaRow } from './profile';
import { currentSlot, nextSlotStart, type Slot } from './slot';
import { judgeTick, tickColumns, type TickRow, type TickVerdict } from './tick-state';

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
  const cursor = after ? sql`(${personas.nextDueAt}, ${personas.userId}) > (${after.nextDueAt.toISOString()}::timestamptz, ${after.userId})` : undefined;
  const scan = db
    .select(personaColumns)
    .from(personas)
    .innerJoin(users, eq(users.id, personas.userId))
    .where(and(lte(personas.nextDueAt, now), cursor))
    .orderBy(personas.nextDueAt, personas.userId)
    .limit(limit)
    .$dynamic();
  const rows: PersonaRow[] = await (lock ? scan.for('update', { of: personas, skipLocked: true }) : scan);
  const slotted = rows.map((row) => {
    const slot = currentSlot(row.tickCadence, row.timeZone, now);
    return { row, slot, tickId: slot ? tickIdFor(row.userId, slot.key) : null };
  });
  const ids = slotted.flatMap((s) => (s.tickId ? [s.tickId] : []));
  const ticksOf = db.select(tickColumns).from(personaTicks).where(inArray(personaTicks.id, ids)).$dynamic();
  const ticks = ids.length ? await (lock ? ticksOf.for('update') : ticksOf) : [];
  const byId = new Map(ticks.map((t) => [t.id, t]));
  return slotted.map(({ row, slot, tickId }) => {
    if (!slot || !tickId) {
      return { row, slot, tickId, tick: undefined, verdict: { due: false, reason: 'no-slot', nextDueAt: nextSlotStart(row.tickCadence, row.timeZone, now) } };
    }
    const tick = byId.get(tickId);
    const verdict = judgeTick(tick, now, options.maxAttempts, () => nextSlotStart(row.tickCadence, row.timeZone, now));
    return { row, slot, tickId, tick, verdict };
  });
}

/** Where the scan continues after a page. */
export function cursorAfter(page: Candidate[]): { nextDueAt: Date; userId: string } | undefined {
  const last = page.at(-1);
  return last ? { nextDueAt: last.row.nextDueAt, userId: last.row.userId } : undefined;
}
