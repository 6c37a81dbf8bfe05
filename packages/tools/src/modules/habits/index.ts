import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { habitCheckins, habits } from '@mana/db';
import { defineModule, defineTool } from '../../tool';
import { conflict, invalid } from '../../shared/errors';
import { field, isoDate } from '../../shared/fields';
import { todayIn } from '../../shared/dates';
import { streakOf, type Cadence } from './streak';
import { loadHistories } from './history';
import { checkInDateField, checkInNoteField, findHabit, habitCadenceField, habitDescriptionField, habitIdField, habitNameField, habitShape, toHabit } from './shapes';

const createHabit = defineTool({
  name: 'habits_create',
  title: 'Create a habit',
  description:
    'Starts tracking a new habit, done daily or weekly. Use it when the user wants to build a routine. Returns the habit with its id (use it with habits_check_in and habits_streak).',
  policy: 'write',
  input: z.object({ name: habitNameField(), description: habitDescriptionField().optional(), cadence: habitCadenceField().default('daily') }),
  output: z.object({ habit: habitShape }),
  async handler(input, ctx) {
    const [row] = await ctx.db
      .insert(habits)
      .values({ spaceId: ctx.spaceId, createdBy: ctx.userId, name: input.name, description: input.description ?? null, cadence: input.cadence, createdAt: ctx.now() })
      .returning();
    return { habit: toHabit(row) };
  },
});

const listHabits = defineTool({
  name: 'habits_list',
  title: 'List habits',
  description:
    'Lists the habits of the current space (active ones unless includeArchived is true), oldest first, each with whether it was checked in today, its current streak and its last check-in day.',
  policy: 'read',
  input: z.object({ includeArchived: field(z.boolean().default(false), 'Also list archived habits (default false).', false) }),
  output: z.object({
    today: z.iso.date(),
    habits: z.array(habitShape.extend({ checkedInToday: z.boolean(), currentStreak: z.int(), lastCheckIn: z.iso.date().nullable() })),
  }),
  async handler(input, ctx) {
    const today = todayIn(ctx);
    const rows = await ctx.db
      .select()
      .from(habits)
      .where(and(eq(habits.spaceId, ctx.spaceId), input.includeArchived ? undefined : isNull(habits.archivedAt)))
      .orderBy(asc(habits.createdAt), asc(habits.id));
    const histories = await loadHistories(
      ctx,
      rows.map((row) => row.id),
    );
    return {
      today,
      habits: rows.map((row) => {
        const history = histories.get(row.id)!;
        return {
          ...toHabit(row),
          checkedInToday: history.lastCheckIn === today,
          currentStreak: streakOf(history.islands, row.cadence as Cadence, today).current,
          lastCheckIn: history.lastCheckIn,
        };
      }),
    };
  },
});

const checkIn = defineTool({
  name: 'habits_check_in',
  title: 'Check in a habit',
  description:
    'Records that the habit was done on a day (today unless date is given). At most one check-in per habit and day: checking in again for the same day changes nothing and says so (alreadyCheckedIn true). Archived habits cannot be checked in. Returns the check-in, a message and the current streak.',
  policy: 'write',
  input: z.object({ habitId: habitIdField(), date: checkInDateField().optional(), note: checkInNoteField().optional() }),
  output: z.object({ habitId: z.uuid(), date: z.iso.date(), alreadyCheckedIn: z.boolean(), message: z.string(), currentStreak: z.int() }),
  async handler(input, ctx) {
    const habit = await findHabit(ctx, input.habitId);
    const today = todayIn(ctx);
    const day = input.date ?? today;
    if (day > today) throw invalid(`Cannot check in for ${day}: it is in the future (today is ${today}).`);
    if (habit.archivedAt) throw conflict(`The habit "${habit.name}" is archived; it cannot be checked in any more.`);
    const inserted = await ctx.db
      .insert(habitCheckins)
      .values({ habitId: habit.id, spaceId: ctx.spaceId, day, note: input.note ?? null, createdAt: ctx.now() })
      .onConflictDoNothing({ target: [habitCheckins.habitId, habitCheckins.day] })
      .returning({ id: habitCheckins.id });
    const history = (await loadHistories(ctx, [habit.id])).get(habit.id)!;
    const currentStreak = streakOf(history.islands, habit.cadence as Cadence, today).current;
    const alreadyCheckedIn = inserted.length === 0;
    const message = alreadyCheckedIn ? `"${habit.name}" was already checked in for ${day}; nothing changed.` : `Checked in "${habit.name}" for ${day}.`;
    return { habitId: habit.id, date: day, alreadyCheckedIn, message, currentStreak };
  },
});

const streak = defineTool({
  name: 'habits_streak',
  title: 'Habit streak',
  description:
    'Shows how consistently a habit is kept: the current streak (days in a row for daily habits, weeks in a row for weekly ones; still counted when today has no check-in yet), the longest streak ever, the total number of check-ins and the last check-in day.',
  policy: 'read',
  input: z.object({ habitId: habitIdField() }),
  output: z.object({
    habitId: z.uuid(),
    name: z.string(),
    cadence: z.enum(['daily', 'weekly']),
    unit: z.enum(['days', 'weeks']),
    currentStreak: z.int(),
    longestStreak: z.int(),
    totalCheckIns: z.int(),
    lastCheckIn: isoDate().nullable(),
  }),
  async handler({ habitId }, ctx) {
    const habit = await findHabit(ctx, habitId);
    const history = (await loadHistories(ctx, [habit.id])).get(habit.id)!;
    const cadence = habit.cadence as Cadence;
    const { current, longest } = streakOf(history.islands, cadence, todayIn(ctx));
    return {
      habitId: habit.id,
      name: habit.name,
      cadence,
      unit: cadence === 'daily' ? 'days' : 'weeks',
      currentStreak: current,
      longestStreak: longest,
      totalCheckIns: history.totalCheckIns,
      lastCheckIn: history.lastCheckIn,
    } as const;
  },
});

const archive = defineTool({
  name: 'habits_archive',
  title: 'Archive a habit',
  description:
    'Stops tracking a habit without losing its history: it disappears from habits_list (unless includeArchived) and can no longer be checked in. Archiving an archived habit is refused with a message. Returns the archived habit.',
  policy: 'write',
  input: z.object({ habitId: habitIdField() }),
  output: z.object({ habit: habitShape }),
  async handler({ habitId }, ctx) {
    const habit = await findHabit(ctx, habitId);
    const [row] = await ctx.db
      .update(habits)
      .set({ archivedAt: ctx.now() })
      .where(and(eq(habits.id, habit.id), eq(habits.spaceId, ctx.spaceId), isNull(habits.archivedAt)))
      .returning();
    if (!row) throw conflict(`The habit "${habit.name}" is already archived.`);
    return { habit: toHabit(row) };
  },
});

/** Habits: routines with daily or weekly check-ins and streaks. */
export const habitsModule = defineModule({
  id: 'habits',
  title: 'Habits',
  description: 'Routines you want to keep, daily or weekly; check them in and watch your streaks.',
  tools: [createHabit, listHabits, checkIn, streak, archive],
});
