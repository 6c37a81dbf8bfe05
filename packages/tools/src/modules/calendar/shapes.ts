import { and, asc, eq, gt, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import { calendarEvents } from '@mana/db';
import type { ToolContext } from '../../tool';
import { entityId, field, instant, isoDateTime, text, title } from '../../shared/fields';
import { invalid, notFound } from '../../shared/errors';
import { MINUTE_MS } from '../../shared/dates';

/** Longest event: two weeks. */
export const MAX_EVENT_MINUTES = 14 * 24 * 60;

export const eventShape = z.object({
  id: z.uuid(),
  title: z.string(),
  startsAt: instant(),
  endsAt: instant(),
  location: z.string().nullable(),
  notes: z.string().nullable(),
});

export type EventRow = typeof calendarEvents.$inferSelect;

export const toEvent = (row: EventRow): z.input<typeof eventShape> => ({
  id: row.id,
  title: row.title,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  location: row.location,
  notes: row.notes,
});

/** The event `eventId` of the caller's space, or NOT_FOUND. */
export async function findEvent(ctx: ToolContext, eventId: string): Promise<EventRow> {
  const [row] = await ctx.db.select().from(calendarEvents).where(and(eq(calendarEvents.id, eventId), eq(calendarEvents.spaceId, ctx.spaceId)));
  if (!row) throw notFound('event', eventId);
  return row;
}

/** Ends after it starts and lasts at most two weeks. */
export function checkTimes(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) throw invalid(`The event must end after it starts (starts ${startsAt.toISOString()}, ends ${endsAt.toISOString()}).`);
  if (endsAt.getTime() - startsAt.getTime() > MAX_EVENT_MINUTES * MINUTE_MS) throw invalid('An event can last at most 14 days.');
}

export const eventIdField = () => entityId('event', 'c4b3a2f1-9e8d-4c7b-a6f5-e4d3c2b1a098');
export const eventTitleField = () => field(title(), 'What the event is, at most 200 characters.', 'Team lunch');
export const startsAtField = () => field(isoDateTime(), 'Start, ISO 8601 date-time with offset.', '2026-12-03T12:00:00+01:00');
export const endsAtField = () => field(isoDateTime(), 'End, ISO 8601 date-time with offset; after the start.', '2026-12-03T13:00:00+01:00');
export const locationField = () => field(text(300), 'Where, at most 300 characters.', 'Cafe Luna, Hauptstr. 5');
export const eventNotesField = () => field(text(), 'Details, at most 10,000 characters.', 'Bring the slides');

/** Events of the caller's space overlapping [start, end), optionally ignoring one event. */
export function overlapping(ctx: ToolContext, start: Date, end: Date, exceptId?: string) {
  return ctx.db
    .select()
    .from(calendarEvents)
    .where(and(eq(calendarEvents.spaceId, ctx.spaceId), lt(calendarEvents.startsAt, end), gt(calendarEvents.endsAt, start), exceptId ? ne(calendarEvents.id, exceptId) : undefined))
    .orderBy(asc(calendarEvents.startsAt));
}
