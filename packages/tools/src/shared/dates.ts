/**
 * Calendar arithmetic on `YYYY-MM-DD` strings. "Today" is the local date of
 * `ctx.now()` in the caller's IANA zone `ctx.timeZone` (`todayIn`); the
 * arithmetic and timestamp ranges stay on UTC days, except `mood_today`,
 * which asks for the local day's window (`localDayStart`).
 */

import { localDateKey, localTime, startOfLocalDate } from '@mana/core';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant in UTC. */
export function toIsoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of an instant as seen in the IANA zone `timeZone` (throws RangeError for an unknown zone). */
export function localDate(instant: Date, timeZone: string): string {
  return localDateKey(localTime(timeZone, instant));
}

/** Today's `YYYY-MM-DD` for the caller: the local date of `ctx.now()` in `ctx.timeZone`. */
export function todayIn(ctx: { now: () => Date; timeZone: string }): string {
  return localDate(ctx.now(), ctx.timeZone);
}

/**
 * The instant local midnight of `day` begins in `timeZone`; where midnight does
 * not exist (a DST jump at 00:00) the first instant after the gap.
 */
export function localDayStart(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return startOfLocalDate(timeZone, year, month, date);
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
