import { z } from 'zod';
import { defineTool } from '../../tool';
import { field, instant, isoDate } from '../../shared/fields';
import { invalid } from '../../shared/errors';
import { addDays, daysBetween, startOfDay, todayIn } from '../../shared/dates';
import { findFreeSlots } from './free-slot';
import { overlapping } from './shapes';

const MAX_SEARCH_DAYS = 31;

export const findFreeSlotTool = defineTool({
  name: 'calendar_find_free_slot',
  title: 'Find free time',
  description: `Finds free time of a given length in the calendar of the current space, within working hours (UTC, default 9 to 17) on the days from "from" to "to" (default: today only; at most ${MAX_SEARCH_DAYS} days), never in the past. Slots start on a quarter hour. Returns up to "limit" slots, the earliest of each free gap, in time order; an empty list means no time is free.`,
  policy: 'read',
  dailyBudget: 100,
  input: z.object({
    durationMinutes: field(z.int().min(5).max(720), 'Length of the free time needed, in minutes (5-720).', 60),
    from: field(isoDate(), 'First day to search, YYYY-MM-DD; defaults to today.', '2026-12-01').optional(),
    to: field(isoDate(), 'Last day to search, YYYY-MM-DD; defaults to "from".', '2026-12-05').optional(),
    workdayStartHour: field(z.int().min(0).max(23).default(9), 'Earliest hour of the day (UTC, 0-23, default 9).', 9),
    workdayEndHour: field(z.int().min(1).max(24).default(17), 'Hour the day ends (UTC, 1-24, default 17); after workdayStartHour.', 17),
    limit: field(z.int().min(1).max(10).default(3), 'How many slots to return at most (1-10, default 3).', 3),
  }),
  output: z.object({
    from: z.iso.date(),
    to: z.iso.date(),
    durationMinutes: z.int(),
    slots: z.array(z.object({ startsAt: instant(), endsAt: instant() })),
  }),
  async handler(input, ctx) {
    const now = ctx.now();
    const from = input.from ?? todayIn(ctx);
    const to = input.to ?? from;
    if (from > to) throw invalid(`"from" (${from}) is after "to" (${to}).`);
    if (daysBetween(from, to) >= MAX_SEARCH_DAYS) throw invalid(`Search at most ${MAX_SEARCH_DAYS} days at once (asked ${from}..${to}).`);
    if (input.workdayEndHour <= input.workdayStartHour) throw invalid(`workdayEndHour (${input.workdayEndHour}) must be later than workdayStartHour (${input.workdayStartHour}).`);
    if (input.durationMinutes > (input.workdayEndHour - input.workdayStartHour) * 60) {
      throw invalid(`${input.durationMinutes} minutes do not fit between ${input.workdayStartHour}:00 and ${input.workdayEndHour}:00.`);
    }
    const busy = await overlapping(ctx, startOfDay(from), startOfDay(addDays(to, 1)));
    const slots = findFreeSlots({
      fromDay: from,
      toDay: to,
      startHour: input.workdayStartHour,
      endHour: input.workdayEndHour,
      durationMinutes: input.durationMinutes,
      notBefore: now,
      busy: busy.map(({ event }) => ({ start: event.startsAt, end: event.endsAt })),
      limit: input.limit,
    });
    return { from, to, durationMinutes: input.durationMinutes, slots: slots.map((slot) => ({ startsAt: slot.start.toISOString(), endsAt: slot.end.toISOString() })) };
  },
});
