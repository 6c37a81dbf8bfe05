/**
 * Calendar arithmetic on `YYYY-MM-DD` strings. Days are UTC days: the tools
 * have no per-user time zone, and "today" is the UTC date of `ctx.now()`.
 */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant in UTC. */
export function toIsoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Midnight UTC of a `YYYY-MM-DD` day. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** The day `days` after (or before, when negative) `day`. */
export function addDays(day: string, days: number): string {
  return toIsoDate(new Date(startOfDay(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / DAY_MS);
}

/** Monday of the ISO week containing `day`. */
export function weekStart(day: string): string {
  const weekday = (startOfDay(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Milliseconds in one minute, for duration maths. */
export const MINUTE_MS = 60_000;
