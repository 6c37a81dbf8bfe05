import { and, asc, eq, gt, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import { calendarEvents, contacts } from '@mana/db';
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
  contactId: z.uuid().nullable(),
  contactName: z.string().nullable(),
});

export type EventRow = typeof calendarEvents.$inferSelect;

/** Maps a row (with the name of its contact, if any) to the tool shape. */
export const toEvent = (row: EventRow, contactName: string | null): z.input<typeof eventShape> => ({
  id: row.id,
  title: row.title,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  location: row.location,
  notes: row.notes,
  contactId: row.contactId,
  contactName: row.contactId ? contactName : null,
});

/** The event `eventId` of the caller's space with its contact's name, or NOT_FOUND. */
export async function findEvent(ctx: ToolContext, eventId: string): Promise<{ event: EventRow; contactName: string | null }> {
  const [row] = await ctx.db
    .select({ event: calendarEvents, contactName: contacts.name })
    .from(calendarEvents)
    .leftJoin(contacts, eq(contacts.id, calendarEvents.contactId))
    .where(and(eq(calendarEvents.id, eventId), eq(calendarEvents.spaceId, ctx.spaceId)));
  if (!row) throw notFound('event', eventId);
  return row;
}

/** Name of the contact `contactId` of the caller's space; an unknown or foreign id is a bad reference. */
export async function contactName(ctx: ToolContext, contactId: string): Promise<string> {
  const [row] = await ctx.db
    .select({ name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.spaceId, ctx.spaceId)));
  if (!row) throw invalid(`No contact with id ${contactId} in this space; find one with contacts_search or leave contactId out.`);
  return row.name;
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
export const eventContactField = () =>
  field(z.uuid(), 'Id of the contact the event is with (a uuid from contacts_search or contacts_create).', '7e6d5c4b-3a29-4817-b6a5-f4e3d2c1b0a9');
export const eventNotesField = () => field(text(), 'Details, at most 10,000 characters.', 'Bring the slides');

/** Events of the caller's space overlapping [start, end), optionally ignoring one event, with their contact's name. */
export function overlapping(ctx: ToolContext, start: Date, end: Date, exceptId?: string) {
  return ctx.db
    .select({ event: calendarEvents, contactName: contacts.name })
    .from(calendarEvents)
    .leftJoin(contacts, eq(contacts.id, calendarEvents.contactId))
    .where(and(eq(calendarEvents.spaceId, ctx.spaceId), lt(calendarEvents.startsAt, end), gt(calendarEvents.endsAt, start), exceptId ? ne(calendarEvents.id, exceptId) : undefined))
    .orderBy(asc(calendarEvents.startsAt));
}
