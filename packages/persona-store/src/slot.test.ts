import { describe, expect, it } from 'vitest';
import { localTime, startOfLocalDate } from '@mana/core';
import { currentSlot, nextSlotStart } from './slot';

const at = (iso: string) => new Date(iso);

describe('currentSlot', () => {
  it('daily: the local date in the persona time zone, not the UTC date', () => {
    // 23:30 UTC on the 4th is already the 5th in Berlin and still the 4th in New York.
    expect(currentSlot('daily', 'Europe/Berlin', at('2026-01-04T23:30:00Z'))).toEqual({
      key: '2026-01-05',
      startsAt: at('2026-01-04T23:00:00Z'),
      endsAt: at('2026-01-05T23:00:00Z'),
    });
    expect(currentSlot('daily', 'America/New_York', at('2026-01-04T23:30:00Z'))?.key).toBe('2026-01-04');
  });

  it('daily: the spring-forward day is 23 hours long and the fall-back day 25', () => {
    const spring = currentSlot('daily', 'Europe/Berlin', at('2026-03-29T12:00:00Z'))!;
    expect(spring.startsAt).toEqual(at('2026-03-28T23:00:00Z'));
    expect(spring.endsAt).toEqual(at('2026-03-29T22:00:00Z'));
    const autumn = currentSlot('daily', 'Europe/Berlin', at('2026-10-25T12:00:00Z'))!;
    expect(autumn.endsAt.getTime() - autumn.startsAt.getTime()).toBe(25 * 3_600_000);
  });

  it('hourly: the repeated fall-back hour is two slots, keyed by their UTC instants', () => {
    const first = currentSlot('hourly', 'Europe/Berlin', at('2026-10-25T00:30:00Z'))!;
    const second = currentSlot('hourly', 'Europe/Berlin', at('2026-10-25T01:30:00Z'))!;
    expect(localTime('Europe/Berlin', at('2026-10-25T00:30:00Z')).hour).toBe(2);
    expect(localTime('Europe/Berlin', at('2026-10-25T01:30:00Z')).hour).toBe(2);
    expect(first.key).toBe('2026-10-25T00:00Z');
    expect(second.key).toBe('2026-10-25T01:00Z');
    expect(first.endsAt).toEqual(second.startsAt);
  });

  it('hourly: the skipped spring-forward hour leaves no gap between slots', () => {
    const before = currentSlot('hourly', 'Europe/Berlin', at('2026-03-29T00:59:59Z'))!; // 01:59 CET
    const after = currentSlot('hourly', 'Europe/Berlin', at('2026-03-29T01:00:00Z'))!; // 03:00 CEST
    expect(before.endsAt).toEqual(after.startsAt);
    expect(after.key).toBe('2026-03-29T01:00Z');
  });

  it('hourly: half-hour zones start their slots at the local hour', () => {
    // 10:10 UTC is 15:40 in Kolkata: the slot began at 15:00 local = 09:30 UTC.
    expect(currentSlot('hourly', 'Asia/Kolkata', at('2026-01-05T10:10:00Z'))?.key).toBe('2026-01-05T09:30Z');
  });

  it('weekdays: no slot on the local weekend, even when it is Friday in UTC', () => {
    const fridayUtc = at('2026-01-09T16:00:00Z'); // Saturday 01:00 in Tokyo, Friday 11:00 in New York
    expect(currentSlot('weekdays', 'Asia/Tokyo', fridayUtc)).toBeNull();
    expect(currentSlot('weekdays', 'America/New_York', fridayUtc)?.key).toBe('2026-01-09');
    expect(currentSlot('weekdays', 'Europe/Berlin', at('2026-01-11T12:00:00Z'))).toBeNull(); // Sunday
    expect(currentSlot('weekdays', 'Europe/Berlin', at('2026-01-12T12:00:00Z'))?.key).toBe('2026-01-12'); // Monday
  });
});

describe('nextSlotStart', () => {
  it('weekdays skip from Friday to Monday local midnight', () => {
    expect(nextSlotStart('weekdays', 'Asia/Tokyo', at('2026-01-09T03:00:00Z'))).toEqual(at('2026-01-11T15:00:00Z'));
    expect(nextSlotStart('weekdays', 'Asia/Tokyo', at('2026-01-10T03:00:00Z'))).toEqual(at('2026-01-11T15:00:00Z'));
  });

  it('daily and hourly: the end of the current slot', () => {
    expect(nextSlotStart('daily', 'Europe/Berlin', at('2026-01-05T10:00:00Z'))).toEqual(at('2026-01-05T23:00:00Z'));
    expect(nextSlotStart('hourly', 'Europe/Berlin', at('2026-01-05T10:20:00Z'))).toEqual(at('2026-01-05T11:00:00Z'));
  });
});

describe('startOfLocalDate', () => {
  it('is the first instant of the date where midnight does not exist (America/Santiago)', () => {
    // Chile springs forward at 24:00 on the first Saturday of September: 2026-09-06 00:00 never happens.
    const start = startOfLocalDate('America/Santiago', 2026, 9, 6);
    expect(localTime('America/Santiago', start)).toMatchObject({ year: 2026, month: 9, day: 6 });
    expect(localTime('America/Santiago', new Date(start.getTime() - 1000)).day).toBe(5);
  });
});
