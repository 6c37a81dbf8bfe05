import type { TickCadence } from '@mana/contracts';

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

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Zone offsets only change on quarter-hour boundaries, so one Intl call per
 * zone and quarter hour is enough; Intl is ~100x slower than the arithmetic
 * and the due scan evaluates slots for every candidate.
 */
const QUARTER_HOUR_MS = 900_000;
const offsets = new Map<string, number>();

/** UTC offset (ms) of a zone at an instant. */
function offsetMs(timeZone: string, at: number): number {
  const bucket = Math.floor(at / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = bucket * QUARTER_HOUR_MS;
    const parts: Record<string, string> = {};
    for (const part of formatter(timeZone).formatToParts(new Date(start))) parts[part.type] = part.value;
    offset = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - start;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Wall-clock fields of an instant in a time zone. */
export function localTime(timeZone: string, at: Date): LocalTime {
  const wall = new Date(at.getTime() + offsetMs(timeZone, at.getTime()));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
  };
}

function localDateKey(t: LocalTime): string {
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}


/**
 * First instant of a local calendar date. Where midnight does not exist (a DST
 * jump at 00:00, e.g. America/Santiago) it is the first instant after the gap.
 */
export function startOfLocalDate(timeZone: string, year: number, month: number, day: number): Date {
  const wall = Date.UTC(year, month - 1, day);
  const target = localDateKey({ year, month, day, hour: 0, minute: 0, second: 0, weekday: 0 });
  const first = wall - offsetMs(timeZone, wall);
  const second = wall - offsetMs(timeZone, first);
  const candidates = [first, second].sort((a, b) => a - b);
  for (const c of candidates) if (localDateKey(localTime(timeZone, new Date(c))) === target) return new Date(c);
  return new Date(candidates[1]);
}

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
