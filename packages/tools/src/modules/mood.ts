import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import { z } from 'zod';
import { moodEntries } from '@mana/db';
import { defineModule, defineTool, type ToolContext } from '../tool';
import { field, instant, tagList, text } from '../shared/fields';
import { addDays, localDayStart, startOfDay, todayIn, toIsoDate } from '../shared/dates';
import { normalizeTags } from '../shared/sql';

const moodShape = z.object({ id: z.uuid(), score: z.int().min(1).max(5), note: z.string().nullable(), tags: z.array(z.string()), loggedAt: instant() });
type MoodRow = typeof moodEntries.$inferSelect;

const toMood = (row: MoodRow) => ({ id: row.id, score: row.score, note: row.note, tags: row.tags, loggedAt: row.loggedAt.toISOString() });

/** Mean score rounded to two decimals; null when there is nothing to average. */
function average(scores: number[]): number | null {
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((sum, score) => sum + score, 0) / scores.length) * 100) / 100;
}

/** Entries of the caller's space logged from the start of `fromDay` to the start of `toDayExclusive` (UTC). */
function entriesBetween(ctx: ToolContext, from: Date, toExclusive: Date) {
  return ctx.db
    .select()
    .from(moodEntries)
    .where(and(eq(moodEntries.spaceId, ctx.spaceId), gte(moodEntries.loggedAt, from), lt(moodEntries.loggedAt, toExclusive)));
}

const logMood = defineTool({
  name: 'mood_log',
  title: 'Log my mood',
  description:
    'Records how the user feels right now on a scale from 1 (very bad) to 5 (very good), with an optional note and tags. Several logs per day are fine. Returns the logged entry.',
  policy: 'write',
  input: z.object({
    score: field(z.int().min(1).max(5), 'Mood from 1 (very bad) over 3 (okay) to 5 (very good).', 4),
    note: field(text(2000), 'What is behind it, at most 2,000 characters.', 'Good talk with a friend at lunch').optional(),
    tags: field(tagList(), 'Labels such as what influenced the mood, up to 20.', ['social', 'work']).optional(),
  }),
  output: z.object({ entry: moodShape }),
  async handler(input, ctx) {
    const [row] = await ctx.db
      .insert(moodEntries)
      .values({ spaceId: ctx.spaceId, createdBy: ctx.userId, score: input.score, note: input.note ?? null, tags: normalizeTags(input.tags), loggedAt: ctx.now() })
      .returning();
    return { entry: toMood(row) };
  },
});

const today = defineTool({
  name: 'mood_today',
  title: "Today's mood",
  description: "Shows today's mood logs (the local day of your time zone) in the order they were logged and their average. An empty list means nothing was logged today yet.",
  policy: 'read',
  input: z.object({}),
  output: z.object({ date: z.iso.date(), entries: z.array(moodShape), average: z.number().nullable(), count: z.int() }),
  async handler(_input, ctx) {
    const date = todayIn(ctx);
    const rows = await entriesBetween(ctx, localDayStart(date, ctx.timeZone), localDayStart(addDays(date, 1), ctx.timeZone)).orderBy(asc(moodEntries.loggedAt));
    return { date, entries: rows.map(toMood), average: average(rows.map((row) => row.score)), count: rows.length };
  },
});

const recent = defineTool({
  name: 'mood_recent',
  title: 'Recent mood',
  description:
    'Summarises the mood of the last N days including today (default 7, at most 90): the overall average, one line per day that has logs (date, average, count) and the latest entries. Use it to spot trends.',
  policy: 'read',
  input: z.object({
    days: field(z.int().min(1).max(90).default(7), 'How many days back to look, today included (1-90, default 7).', 7),
    limit: field(z.int().min(0).max(50).default(10), 'How many of the latest entries to include (0-50, default 10).', 10),
  }),
  output: z.object({
    from: z.iso.date(),
    to: z.iso.date(),
    average: z.number().nullable(),
    count: z.int(),
    byDay: z.array(z.object({ date: z.iso.date(), average: z.number(), count: z.int() })),
    latest: z.array(moodShape),
  }),
  async handler(input, ctx) {
    const to = todayIn(ctx);
    const from = addDays(to, -(input.days - 1));
    const rows = await entriesBetween(ctx, startOfDay(from), startOfDay(addDays(to, 1))).orderBy(desc(moodEntries.loggedAt));
    const byDay = new Map<string, number[]>();
    for (const row of rows) {
      const day = toIsoDate(row.loggedAt);
      byDay.set(day, [...(byDay.get(day) ?? []), row.score]);
    }
    return {
      from,
      to,
      average: average(rows.map((row) => row.score)),
      count: rows.length,
      byDay: [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, scores]) => ({ date, average: average(scores) ?? 0, count: scores.length })),
      latest: rows.slice(0, input.limit).map(toMood),
    };
  },
});

/** Mood: a 1-5 mood log with daily and recent averages. */
export const moodModule = defineModule({
  id: 'mood',
  title: 'Mood',
  description: 'Log how you feel (1-5) and see today and recent averages.',
  tools: [logMood, today, recent],
});
