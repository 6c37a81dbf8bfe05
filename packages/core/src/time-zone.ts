/**
 * The project's one time-zone algorithm: wall-clock fields of an instant in an
 * IANA zone, and the first instant of a local date (DST gaps included). Persona
 * slots (mana-auth) and the tools' "today" both read it.
 */

/** Wall-clock fields of an instant in a zone. */
export interface LocalTime {
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

/** One cached formatter per zone (building one costs far more than using it); an unknown zone throws RangeError. */
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

/** Wall-clock fields of an instant in a time zone (throws RangeError for an unknown zone). */
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

/** `YYYY-MM-DD` of local wall-clock fields. */
export function localDateKey(t: Pick<LocalTime, 'year' | 'month' | 'day'>): string {
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/**
 * First instant of a local calendar date. Where midnight does not exist (a DST
 * jump at 00:00, e.g. America/Santiago) it is the first instant after the gap.
 */
export function startOfLocalDate(timeZone: string, year: number, month: number, day: number): Date {
  const wall = Date.UTC(year, month - 1, day);
  const target = localDateKey({ year, month, day });
  const first = wall - offsetMs(timeZone, wall);
  const second = wall - offsetMs(timeZone, first);
  const candidates = [first, second].sort((a, b) => a - b);
  for (const c of candidates) if (localDateKey(localTime(timeZone, new Date(c))) === target) return new Date(c);
  return new Date(candidates[1]);
}
