/**
 * Cross-space isolation for every tool of the registry: a user in space B
 * cannot read or change space A's data. Reads of B show nothing of A, every
 * call with one of A's ids answers exactly like an unknown id (NOT_FOUND, or
 * VALIDATION for a secondary reference such as an event's contact), and
 * A's rows are unchanged after each call. Each case is checked to be able to
 * fail: the same call made by A's owner does see or change A's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { calendarEvents, contacts, habitCheckins, habits, journalEntries, moodEntries, notes, todos, type Db } from '@mana/db';
import { manaRegistry } from './index';
import { catchAppError, createTestActor, fixedClock, type TestActor } from './testing';

/** A word only space A's data contains. */
const MARKER = 'aardvarkzz';

interface SpaceA {
  spaceId: string;
  openTodo: string;
  doneTodo: string;
  spareTodo: string;
  note: string;
  habit: string;
  event: string;
  /** Only read by calendar_find_free_slot, so no other case moves it. */
  blocker: string;
  contact: string;
}

interface Case {
  input: (a: SpaceA) => Record<string, unknown>;
  /** True when the output reveals A's data; default: it mentions one of A's ids or the marker. */
  sees?: (output: Record<string, unknown>) => boolean;
}

const cases: Record<string, Case> = {
  todo_create: { input: () => ({ title: 'B todo' }) },
  todo_list: { input: () => ({ status: 'all' }) },
  todo_update: { input: (a) => ({ todoId: a.openTodo, title: 'changed by B' }) },
  todo_complete: { input: (a) => ({ todoId: a.openTodo }) },
  todo_reopen: { input: (a) => ({ todoId: a.doneTodo }) },
  todo_delete: { input: (a) => ({ todoId: a.spareTodo }) },
  notes_create: { input: () => ({ title: 'B note' }) },
  notes_update: { input: (a) => ({ noteId: a.note, body: 'changed by B' }) },
  notes_get: { input: (a) => ({ noteId: a.note }) },
  notes_list: { input: () => ({}) },
  // The answer echoes the query, so only the results count.
  notes_search: { input: () => ({ query: MARKER }), sees: (output) => JSON.stringify(output.results).includes(MARKER) },
  habits_create: { input: () => ({ name: 'B habit' }) },
  habits_list: { input: () => ({ includeArchived: true }) },
  habits_check_in: { input: (a) => ({ habitId: a.habit, date: '2026-12-19' }) },
  habits_streak: { input: (a) => ({ habitId: a.habit }) },
  habits_archive: { input: (a) => ({ habitId: a.habit }) },
  journal_add_entry: { input: () => ({ body: 'B entry' }) },
  journal_list: { input: () => ({}) },
  mood_log: { input: () => ({ score: 3 }) },
  mood_today: { input: () => ({}) },
  mood_recent: { input: () => ({ days: 90 }) },
  // Linking A's contact to B's event is an invalid reference, exactly like an unknown contact.
  calendar_create_event: { input: (a) => ({ title: 'B event', startsAt: '2026-12-22T10:00:00Z', endsAt: '2026-12-22T11:00:00Z', contactId: a.contact }) },
  calendar_list_events: { input: () => ({ from: '2026-12-01', to: '2026-12-31' }) },
  calendar_reschedule: { input: (a) => ({ eventId: a.event, startsAt: '2026-12-23T08:00:00Z' }) },
  calendar_find_free_slot: {
    input: () => ({ durationMinutes: 60, from: '2026-12-28', workdayStartHour: 0, workdayEndHour: 24, limit: 1 }),
    // A's blocker fills 2026-12-28 up to 23:45: a caller who sees it is not offered midnight.
    sees: (output) => (output.slots as { startsAt: string }[])[0]?.startsAt !== '2026-12-28T00:00:00.000Z',
  },
  contacts_create: { input: () => ({ name: 'B contact' }) },
  contacts_search: { input: () => ({}) },
  contacts_update: { input: (a) => ({ contactId: a.contact, name: 'changed by B' }) },
  contacts_upcoming_birthdays: { input: () => ({ days: 366 }) },
  spaces_list: { input: () => ({}) },
};

/** Every row of space A in every module table, in a stable order. */
async function snapshot(db: Db, spaceId: string) {
  return {
    todos: await db.select().from(todos).where(eq(todos.spaceId, spaceId)).orderBy(asc(todos.id)),
    notes: await db.select().from(notes).where(eq(notes.spaceId, spaceId)).orderBy(asc(notes.id)),
    habits: await db.select().from(habits).where(eq(habits.spaceId, spaceId)).orderBy(asc(habits.id)),
    habitCheckins: await db.select().from(habitCheckins).where(eq(habitCheckins.spaceId, spaceId)).orderBy(asc(habitCheckins.id)),
    journalEntries: await db.select().from(journalEntries).where(eq(journalEntries.spaceId, spaceId)).orderBy(asc(journalEntries.id)),
    moodEntries: await db.select().from(moodEntries).where(eq(moodEntries.spaceId, spaceId)).orderBy(asc(moodEntries.id)),
    calendarEvents: await db.select().from(calendarEvents).where(eq(calendarEvents.spaceId, spaceId)).orderBy(asc(calendarEvents.id)),
    contacts: await db.select().from(contacts).where(eq(contacts.spaceId, spaceId)).orderBy(asc(contacts.id)),
  };
}

describe('cross-space isolation', () => {
  let database: TestDatabase;
  let alice: TestActor;
  let bob: TestActor;
  let a: SpaceA;
  const idOf = async (actor: TestActor, name: string, input: Record<string, unknown>, key: string) =>
    ((await manaRegistry.invoke(name, input, actor.ctx))[key] as { id: string }).id;
  const ids = (): string[] => Object.values(a);
  const secrets = () => [MARKER, ...ids()];
  const defaultSees = (output: Record<string, unknown>) => secrets().some((secret) => JSON.stringify(output).includes(secret));

  beforeAll(async () => {
    database = await createTestDatabase();
    const now = fixedClock('2026-12-20T08:00:00Z');
    alice = await createTestActor(database.db, { name: 'Alice', now });
    bob = await createTestActor(database.db, { name: 'Bob', now });
    const todo = (title: string) => idOf(alice, 'todo_create', { title: `${title} ${MARKER}`, notes: MARKER }, 'todo');
    a = {
      spaceId: alice.spaceId,
      openTodo: await todo('open'),
      doneTodo: await todo('done'),
      spareTodo: await todo('spare'),
      note: await idOf(alice, 'notes_create', { title: `Secret ${MARKER}`, body: `Only for A ${MARKER}` }, 'note'),
      habit: await idOf(alice, 'habits_create', { name: `Habit ${MARKER}` }, 'habit'),
      event: await idOf(alice, 'calendar_create_event', { title: `Event ${MARKER}`, startsAt: '2026-12-21T09:00:00Z', endsAt: '2026-12-21T16:00:00Z' }, 'event'),
      blocker: await idOf(alice, 'calendar_create_event', { title: `Blocker ${MARKER}`, startsAt: '2026-12-28T00:00:00Z', endsAt: '2026-12-28T23:45:00Z' }, 'event'),
      contact: await idOf(alice, 'contacts_create', { name: `Contact ${MARKER}`, birthday: '1990-12-25' }, 'contact'),
    };
    await manaRegistry.invoke('todo_complete', { todoId: a.doneTodo }, alice.ctx);
    await manaRegistry.invoke('habits_check_in', { habitId: a.habit }, alice.ctx);
    await manaRegistry.invoke('journal_add_entry', { body: `Diary ${MARKER}` }, alice.ctx);
    await manaRegistry.invoke('mood_log', { score: 5, note: MARKER }, alice.ctx);
  });
  afterAll(async () => database?.close());

  it('has a case for every tool in the registry', () => {
    expect(Object.keys(cases).sort()).toEqual(
      manaRegistry
        .tools()
        .map((t) => t.name)
        .sort(),
    );
  });

  it.each(manaRegistry.tools().map((t) => [t.name] as const))('%s: space B cannot read or change space A', async (name) => {
    const testCase = cases[name];
    const input = testCase.input(a);
    const referencesA = Object.values(input).some((value) => typeof value === 'string' && ids().includes(value));
    const before = await snapshot(database.db, a.spaceId);

    if (referencesA) {
      const error = await catchAppError(manaRegistry.invoke(name, input, bob.ctx));
      expect(['NOT_FOUND', 'VALIDATION']).toContain(error.code);
      // Exactly like an id that does not exist anywhere.
      const unknown = randomUUID();
      const swapped = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, typeof value === 'string' && ids().includes(value) ? unknown : value]));
      const unknownError = await catchAppError(manaRegistry.invoke(name, swapped, bob.ctx));
      expect({ code: error.code, message: error.message }).toEqual({
        code: unknownError.code,
        message: unknownError.message.replaceAll(unknown, String(Object.values(input).find((v) => ids().includes(v as string)))),
      });
    } else {
      const output = await manaRegistry.invoke(name, input, bob.ctx);
      expect((testCase.sees ?? defaultSees)(output), JSON.stringify(output)).toBe(false);
    }
    expect(await snapshot(database.db, a.spaceId)).toEqual(before);

    // The same call by A's owner works and, for reads, shows A's data: the checks above can fail.
    const own = await manaRegistry.invoke(name, input, alice.ctx);
    const tool = manaRegistry.tool(name);
    if (tool?.policy === 'read') expect((testCase.sees ?? defaultSees)(own), JSON.stringify(own)).toBe(true);
    if (referencesA && tool?.policy !== 'read') expect(await snapshot(database.db, a.spaceId)).not.toEqual(before);
  });
});
