import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { calendarEvents } from '@mana/db';
import { defineModule, defineTool } from '../../tool';
import { field, isoDate } from '../../shared/fields';
import { invalid } from '../../shared/errors';
import { addDays, daysBetween, startOfDay, todayIn } from '../../shared/dates';
import {
  checkTimes,
  contactName,
  endsAtField,
  eventContactField,
  eventIdField,
  eventNotesField,
  eventShape,
  eventTitleField,
  findEvent,
  locationField,
  overlapping,
  startsAtField,
  toEvent,
  type EventRow,
} from './shapes';
import { findFreeSlotTool } from './find-free-slot';

const MAX_LIST_DAYS = 92;
const overlapShape = z.array(eventShape.pick({ id: true, title: true, startsAt: true, endsAt: true }));

const brief = ({ event }: { event: EventRow }) => ({ id: event.id, title: event.title, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() });

const createEvent = defineTool({
  name: 'calendar_create_event',
  title: 'Create a calendar event',
  description:
    'Puts an event with a start and end time into the calendar of the current space, optionally with a contact it is with. Overlapping events are allowed but reported in "overlaps" so you can tell the user. Returns the event with its id.',
  policy: 'write',
  input: z.object({
    title: eventTitleField(),
    startsAt: startsAtField(),
    endsAt: endsAtField(),
    location: locationField().optional(),
    notes: eventNotesField().optional(),
    contactId: eventContactField().optional(),
  }),
  output: z.object({ event: eventShape, overlaps: overlapShape }),
  async handler(input, ctx) {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    checkTimes(startsAt, endsAt);
    const name = input.contactId ? await contactName(ctx, input.contactId) : null;
    const overlaps = await overlapping(ctx, startsAt, endsAt);
    const [row] = await ctx.db
      .insert(calendarEvents)
      .values({
        spaceId: ctx.spaceId,
        createdBy: ctx.userId,
        title: input.title,
        startsAt,
        endsAt,
        location: input.location ?? null,
        notes: input.notes ?? null,
        contactId: input.contactId ?? null,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning();
    return { event: toEvent(row, name), overlaps: overlaps.map(brief) };
  },
});

const listEvents = defineTool({
  name: 'calendar_list_events',
  title: 'List calendar events',
  description: `Lists the events that take place (at least partly) between two days, inclusive, in start order. Without "from" it starts today; without "to" it covers 7 days. At most ${MAX_LIST_DAYS} days at once. Days are UTC.`,
  policy: 'read',
  input: z.object({
    from: field(isoDate(), 'First day, YYYY-MM-DD; defaults to today.', '2026-12-01').optional(),
    to: field(isoDate(), 'Last day, YYYY-MM-DD; defaults to 6 days after "from".', '2026-12-07').optional(),
  }),
  output: z.object({ from: z.iso.date(), to: z.iso.date(), events: z.array(eventShape) }),
  async handler(input, ctx) {
    const from = input.from ?? todayIn(ctx);
    const to = input.to ?? addDays(from, 6);
    if (from > to) throw invalid(`"from" (${from}) is after "to" (${to}).`);
    if (daysBetween(from, to) >= MAX_LIST_DAYS) throw invalid(`The range ${from}..${to} is longer than ${MAX_LIST_DAYS} days; ask for a shorter one.`);
    const rows = await overlapping(ctx, startOfDay(from), startOfDay(addDays(to, 1)));
    return { from, to, events: rows.map((row) => toEvent(row.event, row.contactName)) };
  },
});

const reschedule = defineTool({
  name: 'calendar_reschedule',
  title: 'Reschedule an event',
  description:
    'Moves an event to a new start time. Without endsAt the event keeps its length. Overlaps with other events are allowed but reported. Returns the moved event and the overlaps.',
  policy: 'write',
  input: z.object({ eventId: eventIdField(), startsAt: startsAtField(), endsAt: endsAtField().optional() }),
  output: z.object({ event: eventShape, overlaps: overlapShape }),
  async handler(input, ctx) {
    const { event, contactName: name } = await findEvent(ctx, input.eventId);
    const startsAt = new Date(input.startsAt);
    const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + (event.endsAt.getTime() - event.startsAt.getTime()));
    checkTimes(startsAt, endsAt);
    const [row] = await ctx.db
      .update(calendarEvents)
      .set({ startsAt, endsAt, updatedAt: ctx.now() })
      .where(and(eq(calendarEvents.id, event.id), eq(calendarEvents.spaceId, ctx.spaceId)))
      .returning();
    const overlaps = await overlapping(ctx, startsAt, endsAt, event.id);
    return { event: toEvent(row, name), overlaps: overlaps.map(brief) };
  },
});

/** Calendar: events with times, listing by range, rescheduling and free-slot search. */
export const calendarModule = defineModule({
  id: 'calendar',
  title: 'Calendar',
  description: 'Events with start and end times; list a range, move events and find free time.',
  tools: [createEvent, listEvents, reschedule, findFreeSlotTool],
});
