import type { TickCadence } from '@mana/contracts';
import { localDateKey, localTime, startOfLocalDate } from '@mana/core';

/**
 * One scheduled slot of a persona: the window in which it lives one "day".
 * `key` is stable for the window and, with the persona id, names the tick.
 */
export interface Slot {
  key: string;
  startsAt: Date;
  endsAt: Date;
}

const HOUR_MS = 3_600_000;

function dailySlot(timeZone: string, now: Date): Slot {
  const t = localTime(timeZone, now);
  const startsAt = startOfLocalDate(timeZone, t.year, t.month, t.day);
  const next = new Date(Date.UTC(t.year, t.month - 1, t.day + 1));
  const endsAt = startOfLocalDate(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  return { key: localDateKey(t), startsAt, endsAt };
}

/**
 * Hourly slots are real hours keyed by the UTC instant of the local hour start:
 * the hour repeated when clocks fall back is two slots (it is lived twice), the
 * hour skipped when clocks spring forward has no slot, and no real hour is lost.
 */
function hourlySlot(timeZone: string, now: Date): Slot {
  const t = localTime(timeZone, now);
  const start = now.getTime() - (t.minute * 60 + t.second) * 1000 - now.getUTCMilliseconds();
  const startsAt = new Date(start);
  return { key: `${startsAt.toISOString().slice(0, 16)}Z`, startsAt, endsAt: new Date(start + HOUR_MS) };
}

/**
 * The slot that contains `now` for a cadence in the persona's time zone, or
 * null when the cadence has no slot then (weekdays on a local Saturday/Sunday).
 */
export function currentSlot(cadence: TickCadence, timeZone: string, now: Date): Slot | null {
  if (cadence === 'hourly') return hourlySlot(timeZone, now);
  const slot = dailySlot(timeZone, now);
  if (cadence === 'weekdays' && localTime(timeZone, now).weekday > 5) return null;
  return slot;
}

/** Start of the first slot after the one containing `now` (skipping weekends for weekdays). */
export function nextSlotStart(cadence: TickCadence, timeZone: string, now: Date): Date {
  let at = currentSlot(cadence === 'weekdays' ? 'daily' : cadence, timeZone, now)!.endsAt;
  for (let i = 0; i < 7 && currentSlot(cadence, timeZone, at) === null; i++) at = dailySlot(timeZone, at).endsAt;
  return at;
}
