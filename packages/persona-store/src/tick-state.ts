import { AppError } from '@mana/core';
import { personaTicks, type PersonaTick } from '@mana/db';

/** The `persona_ticks` columns the scheduling verbs read (a drizzle select list). */
export const tickColumns = {
  id: personaTicks.id,
  personaId: personaTicks.personaId,
  slot: personaTicks.slot,
  slotEndsAt: personaTicks.slotEndsAt,
  status: personaTicks.status,
  attempt: personaTicks.attempt,
  leaseOwner: personaTicks.leaseOwner,
  leaseExpiresAt: personaTicks.leaseExpiresAt,
  nextAttemptAt: personaTicks.nextAttemptAt,
};

/** A `persona_ticks` row as the scheduling verbs read it. */
export type TickRow = Pick<PersonaTick, keyof typeof tickColumns>;

/** Whether the tick of a persona's current slot lets it run now, and if not, when to look again. */
export type TickVerdict = { due: true } | { due: false; reason: 'succeeded' | 'leased' | 'backoff' | 'gave-up' | 'no-slot'; nextDueAt: Date };

/**
 * The due rule for the current slot's tick: no tick yet, or not succeeded, no
 * live lease, back-off elapsed and attempts left. An expired lease counts as a
 * spent attempt, so a runner that dies on the last attempt gives the slot up.
 * `nextSlot` gives the start of the following slot (where given-up and done slots wait); computed only when needed.
 */
export function judgeTick(tick: TickRow | undefined, now: Date, maxAttempts: number, nextSlot: () => Date): TickVerdict {
  if (!tick) return { due: true };
  if (tick.status === 'succeeded') return { due: false, reason: 'succeeded', nextDueAt: nextSlot() };
  const live = tick.status === 'claimed' || tick.status === 'running';
  const leaseEnd = tick.leaseExpiresAt;
  if (live && leaseEnd && leaseEnd > now) return { due: false, reason: 'leased', nextDueAt: leaseEnd };
  if (tick.attempt >= maxAttempts) return { due: false, reason: 'gave-up', nextDueAt: nextSlot() };
  const retryAt = tick.nextAttemptAt;
  if (retryAt && retryAt > now) return { due: false, reason: 'backoff', nextDueAt: retryAt };
  return { due: true };
}

/** Exponential back-off after failed attempt n: 1, 2, 4, ... minutes, never beyond the slot's end. */
export function backoffUntil(attempt: number, now: Date, slotEndsAt: Date): Date {
  const delay = 60_000 * 2 ** Math.max(0, attempt - 1);
  return new Date(Math.min(now.getTime() + delay, slotEndsAt.getTime()));
}

/**
 * Refuses a report for another attempt than the tick's current one: the late
 * report of an attempt whose lease expired and was reclaimed (possibly by the
 * same runner) must not land on the new attempt. No attempt given (an older
 * runner): accepted, as before.
 */
export function assertAttempt(tick: Pick<TickRow, 'id' | 'attempt'>, attempt: number | undefined): void {
  const current = Number(tick.attempt);
  if (attempt !== undefined && attempt !== current) {
    throw new AppError('CONFLICT', `Tick ${tick.id} is on attempt ${current}; this report is for attempt ${attempt}`);
  }
}
