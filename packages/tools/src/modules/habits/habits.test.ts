import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { habitCheckins, habits } from '@mana/db';
import { manaRegistry } from '../../index';
import { catchAppError, createTestActor, fixedClock, type TestActor } from '../../testing';

describe('habits module', () => {
  let database: TestDatabase;
  let alice: TestActor;
  const call = (name: string, input: unknown) => manaRegistry.invoke(name, input, alice.ctx);
  const create = async (input: Record<string, unknown>) => (await call('habits_create', input)).habit as { id: string; cadence: string; archived: boolean };

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { now: fixedClock('2026-11-26T20:00:00Z') });
  });
  afterAll(async () => database?.close());

  it('creates a daily habit by default', async () => {
    expect(await create({ name: 'Stretch' })).toMatchObject({ name: 'Stretch', cadence: 'daily', archived: false, description: null });
  });

  it('checks in today, and a second check-in the same day is idempotent with a clear message', async () => {
    const habit = await create({ name: 'Drink water' });
    const first = await call('habits_check_in', { habitId: habit.id });
    expect(first).toEqual({ habitId: habit.id, date: '2026-11-26', alreadyCheckedIn: false, message: 'Checked in "Drink water" for 2026-11-26.', currentStreak: 1 });
    const second = await call('habits_check_in', { habitId: habit.id, note: 'again' });
    expect(second).toMatchObject({ alreadyCheckedIn: true, message: '"Drink water" was already checked in for 2026-11-26; nothing changed.', currentStreak: 1 });
    expect(await database.db.select().from(habitCheckins).where(eq(habitCheckins.habitId, habit.id))).toHaveLength(1);
  });

  it('concurrent check-ins for the same day write one row; exactly one call reports the new check-in', async () => {
    const habit = await create({ name: 'Floss' });
    const results = (await Promise.all(Array.from({ length: 5 }, () => call('habits_check_in', { habitId: habit.id, date: '2026-11-20' })))) as { alreadyCheckedIn: boolean }[];
    expect(results.filter((r) => !r.alreadyCheckedIn)).toHaveLength(1);
    expect(await database.db.select().from(habitCheckins).where(eq(habitCheckins.habitId, habit.id))).toHaveLength(1);
  });

  it('backfilled days build the streak; the list shows today and the streak', async () => {
    const habit = await create({ name: 'Read', description: '20 pages' });
    for (const date of ['2026-11-20', '2026-11-21', '2026-11-24', '2026-11-25']) await call('habits_check_in', { habitId: habit.id, date });
    expect(await call('habits_streak', { habitId: habit.id })).toEqual({
      habitId: habit.id,
      name: 'Read',
      cadence: 'daily',
      unit: 'days',
      currentStreak: 2,
      longestStreak: 2,
      totalCheckIns: 4,
      lastCheckIn: '2026-11-25',
    });
    const listed = (await call('habits_list', {})) as { today: string; habits: { id: string; checkedInToday: boolean; currentStreak: number; lastCheckIn: string | null }[] };
    expect(listed.today).toBe('2026-11-26');
    expect(listed.habits.find((h) => h.id === habit.id)).toMatchObject({ checkedInToday: false, currentStreak: 2, lastCheckIn: '2026-11-25' });
  });

  it('weekly habits count weeks', async () => {
    const habit = await create({ name: 'Call grandma', cadence: 'weekly' });
    for (const date of ['2026-11-10', '2026-11-17', '2026-11-26']) await call('habits_check_in', { habitId: habit.id, date });
    expect(await call('habits_streak', { habitId: habit.id })).toMatchObject({ unit: 'weeks', currentStreak: 3, longestStreak: 3 });
  });

  // Streaks are folded into islands in SQL; these cases run that query for real.
  it.each([
    { name: 'daily run ending today', cadence: 'daily', today: '2026-11-26', days: ['2026-11-24', '2026-11-25', '2026-11-26'], current: 3, longest: 3, total: 3 },
    { name: 'daily run ending yesterday is alive', cadence: 'daily', today: '2026-11-26', days: ['2026-11-25', '2026-11-24'], current: 2, longest: 2, total: 2 },
    { name: 'daily gap breaks the run', cadence: 'daily', today: '2026-11-26', days: ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-24'], current: 0, longest: 3, total: 4 },
    { name: 'daily across the year end', cadence: 'daily', today: '2027-01-01', days: ['2026-12-30', '2026-12-31', '2027-01-01'], current: 3, longest: 3, total: 3 },
    {
      name: 'weekly, any weekday, several per week',
      cadence: 'weekly',
      today: '2026-11-26',
      days: ['2026-11-09', '2026-11-15', '2026-11-22', '2026-11-26'],
      current: 3,
      longest: 3,
      total: 4,
    },
    { name: 'weekly across the year end', cadence: 'weekly', today: '2027-01-06', days: ['2026-12-21', '2027-01-02', '2027-01-05'], current: 3, longest: 3, total: 3 },
    { name: 'weekly gap of a week breaks the run', cadence: 'weekly', today: '2026-11-26', days: ['2026-11-02', '2026-11-16'], current: 1, longest: 1, total: 2 },
    { name: 'no check-ins', cadence: 'daily', today: '2026-11-26', days: [], current: 0, longest: 0, total: 0 },
  ])('streak: $name', async ({ cadence, today, days, current, longest, total }) => {
    const actor = { ...alice, ctx: { ...alice.ctx, now: fixedClock(`${today}T12:00:00Z`) } };
    const habit = (await manaRegistry.invoke('habits_create', { name: 'Streaky', cadence }, actor.ctx)).habit as { id: string };
    for (const date of days) await manaRegistry.invoke('habits_check_in', { habitId: habit.id, date }, actor.ctx);
    expect(await manaRegistry.invoke('habits_streak', { habitId: habit.id }, actor.ctx)).toMatchObject({
      currentStreak: current,
      longestStreak: longest,
      totalCheckIns: total,
      lastCheckIn: [...days].sort().at(-1) ?? null,
    });
    const listed = (await manaRegistry.invoke('habits_list', {}, actor.ctx)).habits as { id: string; currentStreak: number }[];
    expect(listed.find((h) => h.id === habit.id)?.currentStreak).toBe(current);
  });

  it('refuses a check-in in the future and writes nothing', async () => {
    const habit = await create({ name: 'Meditate' });
    const error = await catchAppError(call('habits_check_in', { habitId: habit.id, date: '2026-11-27' }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: 'Cannot check in for 2026-11-27: it is in the future (today is 2026-11-26).' });
    expect(await database.db.select().from(habitCheckins).where(eq(habitCheckins.habitId, habit.id))).toEqual([]);
  });

  it('archives: hidden from the list, no more check-ins, archiving twice is a conflict', async () => {
    const habit = await create({ name: 'Jog' });
    expect((await call('habits_archive', { habitId: habit.id })).habit).toMatchObject({ id: habit.id, archived: true });
    const active = (await call('habits_list', {})) as { habits: { id: string }[] };
    expect(active.habits.map((h) => h.id)).not.toContain(habit.id);
    const all = (await call('habits_list', { includeArchived: true })) as { habits: { id: string }[] };
    expect(all.habits.map((h) => h.id)).toContain(habit.id);
    expect(await catchAppError(call('habits_check_in', { habitId: habit.id }))).toMatchObject({
      code: 'CONFLICT',
      message: 'The habit "Jog" is archived; it cannot be checked in any more.',
    });
    expect(await catchAppError(call('habits_archive', { habitId: habit.id }))).toMatchObject({ code: 'CONFLICT', message: 'The habit "Jog" is already archived.' });
  });

  it('unknown ids are NOT_FOUND for check-in, streak and archive', async () => {
    const habitId = '22222222-2222-4222-8222-222222222222';
    for (const name of ['habits_check_in', 'habits_streak', 'habits_archive']) {
      expect(await catchAppError(call(name, { habitId }))).toMatchObject({ code: 'NOT_FOUND', message: `No habit with id ${habitId} in this space.` });
    }
  });

  it('bad input is refused and writes nothing', async () => {
    const before = await database.db.select().from(habits);
    for (const input of [{}, { name: '' }, { name: 'x'.repeat(121) }, { name: 'ok', cadence: 'monthly' }]) {
      expect(await catchAppError(call('habits_create', input))).toMatchObject({ code: 'VALIDATION' });
    }
    expect(await database.db.select().from(habits)).toEqual(before);
  });
});
