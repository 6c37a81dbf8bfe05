import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { calendarEvents } from '@mana/db';
import { manaRegistry } from '../../index';
import { catchAppError, createTestActor, fixedClock, type TestActor } from '../../testing';

type Event = { id: string; title: string; startsAt: string; endsAt: string };

describe('calendar module', () => {
  let database: TestDatabase;
  let alice: TestActor;
  const call = (name: string, input: unknown) => manaRegistry.invoke(name, input, alice.ctx);
  const create = async (title: string, startsAt: string, endsAt: string) =>
    (await call('calendar_create_event', { title, startsAt, endsAt })) as { event: Event; overlaps: Event[] };

  /** Lunch 12:00-13:00 and a call 12:30-13:30 (UTC) on "today", 1 December. */
  const busyNoon = async () => {
    await create('Lunch', '2026-12-01T13:00:00+01:00', '2026-12-01T14:00:00+01:00');
    await create('Call', '2026-12-01T12:30:00Z', '2026-12-01T13:30:00Z');
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  // Each test in its own space, with the events it makes itself: none reads what an earlier one left behind.
  beforeEach(async () => {
    alice = await createTestActor(database.db, { now: fixedClock('2026-12-01T10:10:00Z') });
  });
  afterAll(async () => database?.close());

  it('creates events with offsets, stored as instants, and reports overlaps', async () => {
    const lunch = await create('Lunch', '2026-12-01T13:00:00+01:00', '2026-12-01T14:00:00+01:00');
    expect(lunch).toMatchObject({
      event: { title: 'Lunch', startsAt: '2026-12-01T12:00:00.000Z', endsAt: '2026-12-01T13:00:00.000Z', location: null, contactId: null, contactName: null },
      overlaps: [],
    });
    const call2 = await create('Call', '2026-12-01T12:30:00Z', '2026-12-01T13:30:00Z');
    expect(call2.overlaps).toEqual([{ id: lunch.event.id, title: 'Lunch', startsAt: lunch.event.startsAt, endsAt: lunch.event.endsAt }]);
  });

  it('lists events touching a day range, defaulting to a week from today', async () => {
    await busyNoon();
    await create('Overnight', '2026-12-03T22:00:00Z', '2026-12-04T02:00:00Z');
    await create('Far away', '2027-01-15T09:00:00Z', '2027-01-15T10:00:00Z');
    const week = (await call('calendar_list_events', {})) as { from: string; to: string; events: Event[] };
    expect(week).toMatchObject({ from: '2026-12-01', to: '2026-12-07' });
    expect(week.events.map((e) => e.title)).toEqual(['Lunch', 'Call', 'Overnight']);
    const thursday = (await call('calendar_list_events', { from: '2026-12-04', to: '2026-12-04' })) as { events: Event[] };
    expect(thursday.events.map((e) => e.title)).toEqual(['Overnight']);
  });

  it('reschedules keeping the length, or to an explicit end', async () => {
    const { event } = await create('Dentist', '2026-12-02T09:00:00Z', '2026-12-02T09:45:00Z');
    const moved = (await call('calendar_reschedule', { eventId: event.id, startsAt: '2026-12-02T15:00:00Z' })) as { event: Event };
    expect(moved.event).toMatchObject({ startsAt: '2026-12-02T15:00:00.000Z', endsAt: '2026-12-02T15:45:00.000Z' });
    const longer = (await call('calendar_reschedule', { eventId: event.id, startsAt: '2026-12-02T15:00:00Z', endsAt: '2026-12-02T16:30:00Z' })) as {
      event: Event;
      overlaps: Event[];
    };
    expect(longer.event.endsAt).toBe('2026-12-02T16:30:00.000Z');
    expect(longer.overlaps).toEqual([]);
  });

  it('finds free slots around events, not in the past', async () => {
    await busyNoon();
    // Tomorrow is busy from 15:00 to 16:30, so seven hours fit only on the day after.
    await create('Dentist', '2026-12-02T15:00:00Z', '2026-12-02T16:30:00Z');
    const today = await call('calendar_find_free_slot', { durationMinutes: 60 });
    // now is 10:10 -> 10:15; busy 12:00-13:30 (Lunch + Call).
    expect(today).toEqual({
      from: '2026-12-01',
      to: '2026-12-01',
      durationMinutes: 60,
      slots: [
        { startsAt: '2026-12-01T10:15:00.000Z', endsAt: '2026-12-01T11:15:00.000Z' },
        { startsAt: '2026-12-01T13:30:00.000Z', endsAt: '2026-12-01T14:30:00.000Z' },
      ],
    });
    const tomorrow = (await call('calendar_find_free_slot', { durationMinutes: 420, from: '2026-12-02', to: '2026-12-03', limit: 1 })) as { slots: { startsAt: string }[] };
    expect(tomorrow.slots).toEqual([{ startsAt: '2026-12-03T09:00:00.000Z', endsAt: '2026-12-03T16:00:00.000Z' }]);
  });

  it('refuses impossible requests with clear messages and writes nothing', async () => {
    const { event } = await create('Standing', '2026-12-05T08:00:00Z', '2026-12-05T08:30:00Z');
    const before = await database.db.select().from(calendarEvents);
    expect(await catchAppError(create('Backwards', '2026-12-05T10:00:00Z', '2026-12-05T09:00:00Z'))).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('must end after it starts'),
    });
    expect(await catchAppError(create('Too long', '2026-12-05T10:00:00Z', '2026-12-25T10:00:00Z'))).toMatchObject({
      code: 'VALIDATION',
      message: 'An event can last at most 14 days.',
    });
    expect(await catchAppError(create('No offset', '2026-12-05T10:00:00', '2026-12-05T11:00:00'))).toMatchObject({ code: 'VALIDATION' });
    expect(await catchAppError(call('calendar_reschedule', { eventId: event.id, startsAt: '2026-12-05T10:00:00Z', endsAt: '2026-12-05T10:00:00Z' }))).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await catchAppError(call('calendar_list_events', { from: '2026-12-02', to: '2026-12-01' }))).toMatchObject({
      code: 'VALIDATION',
      message: '"from" (2026-12-02) is after "to" (2026-12-01).',
    });
    expect(await catchAppError(call('calendar_find_free_slot', { durationMinutes: 600 }))).toMatchObject({
      code: 'VALIDATION',
      message: '600 minutes do not fit between 9:00 and 17:00.',
    });
    expect(await catchAppError(call('calendar_find_free_slot', { durationMinutes: 30, workdayStartHour: 18, workdayEndHour: 8 }))).toMatchObject({ code: 'VALIDATION' });
    expect(await database.db.select().from(calendarEvents)).toEqual(before);
  });

  it('links a contact of this space; an unknown contact is an invalid reference and nothing is written', async () => {
    const contact = (await call('contacts_create', { name: 'Maria Schmidt' })).contact as { id: string };
    const created = (await call('calendar_create_event', { title: 'Coffee', startsAt: '2026-12-09T09:00:00Z', endsAt: '2026-12-09T09:30:00Z', contactId: contact.id })) as {
      event: Event & { contactId: string; contactName: string };
    };
    expect(created.event).toMatchObject({ contactId: contact.id, contactName: 'Maria Schmidt' });
    const listed = (await call('calendar_list_events', { from: '2026-12-09', to: '2026-12-09' })) as { events: Event[] };
    expect(listed.events).toEqual([created.event]);
    const moved = (await call('calendar_reschedule', { eventId: created.event.id, startsAt: '2026-12-09T10:00:00Z' })) as { event: Event };
    expect(moved.event).toMatchObject({ contactId: contact.id, contactName: 'Maria Schmidt' });

    const before = await database.db.select().from(calendarEvents);
    const contactId = '55555555-5555-4555-8555-555555555555';
    const error = await catchAppError(call('calendar_create_event', { title: 'Ghost', startsAt: '2026-12-09T11:00:00Z', endsAt: '2026-12-09T12:00:00Z', contactId }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: `No contact with id ${contactId} in this space; find one with contacts_search or leave contactId out.` });
    expect(await database.db.select().from(calendarEvents)).toEqual(before);
  });

  it('unknown event ids are NOT_FOUND', async () => {
    const eventId = '33333333-3333-4333-8333-333333333333';
    expect(await catchAppError(call('calendar_reschedule', { eventId, startsAt: '2026-12-05T10:00:00Z' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: `No event with id ${eventId} in this space.`,
    });
  });
});
