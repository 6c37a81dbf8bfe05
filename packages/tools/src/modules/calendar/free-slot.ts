import { addDays, MINUTE_MS, startOfDay } from '../../shared/dates';

export interface Interval {
  start: Date;
  end: Date;
}

export interface FreeSlotQuery {
  /** First and last day searched, `YYYY-MM-DD`, UTC. */
  fromDay: string;
  toDay: string;
  /** Working window of each day, whole UTC hours, start < end <= 24. */
  startHour: number;
  endHour: number;
  durationMinutes: number;
  /** Nothing before this instant is offered. */
  notBefore: Date;
  /** Busy intervals (any order, may overlap). */
  busy: Interval[];
  /** At most this many slots, the earliest of each gap. */
  limit: number;
}

/** Slots start on a quarter hour. */
const GRID_MS = 15 * MINUTE_MS;
const roundUp = (ms: number) => Math.ceil(ms / GRID_MS) * GRID_MS;

/**
 * The earliest free slot of each gap between busy intervals inside each day's
 * working window, in time order, up to `limit`. A slot never overlaps a busy
 * interval, never starts before `notBefore` and never leaves its window.
 */
export function findFreeSlots(query: FreeSlotQuery): Interval[] {
  const duration = query.durationMinutes * MINUTE_MS;
  const busy = [...query.busy].sort((a, b) => a.start.getTime() - b.start.getTime());
  const slots: Interval[] = [];
  for (let day = query.fromDay; day <= query.toDay && slots.length < query.limit; day = addDays(day, 1)) {
    const midnight = startOfDay(day).getTime();
    const windowEnd = midnight + query.endHour * 60 * MINUTE_MS;
    let cursor = Math.max(midnight + query.startHour * 60 * MINUTE_MS, query.notBefore.getTime());
    for (const interval of busy) {
      if (slots.length >= query.limit) break;
      const busyStart = interval.start.getTime();
      const busyEnd = interval.end.getTime();
      if (busyEnd <= cursor) continue;
      if (busyStart >= windowEnd) break;
      const start = roundUp(cursor);
      if (start + duration <= Math.min(busyStart, windowEnd)) slots.push({ start: new Date(start), end: new Date(start + duration) });
      cursor = Math.max(cursor, busyEnd);
    }
    const start = roundUp(cursor);
    if (slots.length < query.limit && start + duration <= windowEnd) slots.push({ start: new Date(start), end: new Date(start + duration) });
  }
  return slots;
}
