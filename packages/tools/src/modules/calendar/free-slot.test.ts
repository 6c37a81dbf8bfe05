import { describe, expect, it } from 'vitest';
import { findFreeSlots, type FreeSlotQuery } from './free-slot';

const at = (iso: string) => new Date(iso);
const busy = (start: string, end: string) => ({ start: at(start), end: at(end) });
const base: FreeSlotQuery = {
  fromDay: '2026-12-01',
  toDay: '2026-12-01',
  startHour: 9,
  endHour: 17,
  durationMinutes: 60,
  notBefore: at('2026-11-01T00:00:00Z'),
  busy: [],
  limit: 3,
};
const iso = (slots: { start: Date; end: Date }[]) => slots.map((s) => `${s.start.toISOString().slice(11, 16)}-${s.end.toISOString().slice(11, 16)}`);

describe('findFreeSlots', () => {
  it('an empty day offers its start', () => {
    expect(iso(findFreeSlots(base))).toEqual(['09:00-10:00']);
  });
  it('offers the earliest slot of each gap between events, in order', () => {
    const slots = findFreeSlots({ ...base, busy: [busy('2026-12-01T12:00:00Z', '2026-12-01T13:00:00Z'), busy('2026-12-01T09:00:00Z', '2026-12-01T10:30:00Z')] });
    expect(iso(slots)).toEqual(['10:30-11:30', '13:00-14:00']);
  });
  it('skips gaps too short and overlapping events', () => {
    const slots = findFreeSlots({
      ...base,
      busy: [busy('2026-12-01T09:00:00Z', '2026-12-01T11:00:00Z'), busy('2026-12-01T10:00:00Z', '2026-12-01T11:30:00Z'), busy('2026-12-01T12:00:00Z', '2026-12-01T16:30:00Z')],
    });
    expect(iso(slots)).toEqual([]);
  });
  it('rounds up to the quarter hour and never starts in the past', () => {
    expect(iso(findFreeSlots({ ...base, notBefore: at('2026-12-01T10:07:00Z') }))).toEqual(['10:15-11:15']);
    expect(iso(findFreeSlots({ ...base, notBefore: at('2026-12-01T16:30:00Z') }))).toEqual([]);
  });
  it('moves on to the next day and stops at the limit', () => {
    const query = { ...base, toDay: '2026-12-03', durationMinutes: 480, busy: [busy('2026-12-01T09:30:00Z', '2026-12-01T10:00:00Z')], limit: 1 };
    const slots = findFreeSlots(query);
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2026-12-02T09:00:00.000Z']);
  });
  it('events spanning midnight block both days', () => {
    const slots = findFreeSlots({ ...base, toDay: '2026-12-02', startHour: 0, endHour: 24, durationMinutes: 720, busy: [busy('2026-12-01T08:00:00Z', '2026-12-02T10:00:00Z')] });
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2026-12-02T10:00:00.000Z']);
  });
});
