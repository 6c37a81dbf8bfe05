import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import { journalEntries } from '@mana/db';
import { defineModule, defineTool } from '../tool';
import { field, instant, isoDate, limit, tagList, text, title } from '../shared/fields';
import { invalid } from '../shared/errors';
import { addDays, daysBetween, todayIn } from '../shared/dates';
import { normalizeTags, totalBeforeLimit, totalOf } from '../shared/sql';

const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

const entryShape = z.object({ id: z.uuid(), date: z.iso.date(), title: z.string().nullable(), body: z.string(), tags: z.array(z.string()), createdAt: instant() });

const toEntry = (row: typeof journalEntries.$inferSelect) => ({
  id: row.id,
  date: row.entryDate,
  title: row.title,
  body: row.body,
  tags: row.tags,
  createdAt: row.createdAt.toISOString(),
});

const addEntry = defineTool({
  name: 'journal_add_entry',
  title: 'Write a journal entry',
  description:
    'Adds an entry to the journal of the current space for a day (today unless date is given; not in the future). Several entries per day are fine. Use it for reflections, what happened, gratitude. Returns the entry with its id.',
  policy: 'write',
  input: z.object({
    body: field(text().trim().min(1), 'The entry text, at most 10,000 characters.', 'Long walk by the river, felt calm afterwards.'),
    title: field(title(), 'Optional headline, at most 200 characters.', 'A quiet Sunday').optional(),
    date: field(isoDate(), 'Day the entry is about, YYYY-MM-DD; defaults to today.', '2026-11-26').optional(),
    tags: field(tagList(), 'Labels, up to 20, each at most 40 characters.', ['walk', 'calm']).optional(),
  }),
  output: z.object({ entry: entryShape }),
  async handler(input, ctx) {
    const today = todayIn(ctx);
    const date = input.date ?? today;
    if (date > today) throw invalid(`Journal entries cannot be dated in the future (${date}; today is ${today}).`);
    const [row] = await ctx.db
      .insert(journalEntries)
      .values({ spaceId: ctx.spaceId, createdBy: ctx.userId, entryDate: date, title: input.title ?? null, body: input.body, tags: normalizeTags(input.tags), createdAt: ctx.now() })
      .returning();
    return { entry: toEntry(row) };
  },
});

const listEntries = defineTool({
  name: 'journal_list',
  title: 'List journal entries',
  description: `Lists journal entries between two days (inclusive), newest first. Without from/to it covers the last ${DEFAULT_RANGE_DAYS} days up to today; a range may span at most ${MAX_RANGE_DAYS} days. Returns the entries with their full text and the total number in the range.`,
  policy: 'read',
  input: z.object({
    from: field(isoDate(), `First day, YYYY-MM-DD; defaults to ${DEFAULT_RANGE_DAYS} days before "to".`, '2026-11-01').optional(),
    to: field(isoDate(), 'Last day, YYYY-MM-DD; defaults to today.', '2026-11-30').optional(),
    limit: limit(20, 50),
  }),
  output: z.object({ from: z.iso.date(), to: z.iso.date(), entries: z.array(entryShape), total: z.int() }),
  async handler(input, ctx) {
    const to = input.to ?? todayIn(ctx);
    const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    if (from > to) throw invalid(`"from" (${from}) is after "to" (${to}).`);
    if (daysBetween(from, to) >= MAX_RANGE_DAYS) throw invalid(`The range ${from}..${to} is longer than ${MAX_RANGE_DAYS} days; ask for a shorter one.`);
    const where = and(eq(journalEntries.spaceId, ctx.spaceId), gte(journalEntries.entryDate, from), lte(journalEntries.entryDate, to));
    const rows = await ctx.db
      .select({ entry: journalEntries, total: totalBeforeLimit() })
      .from(journalEntries)
      .where(where)
      .orderBy(desc(journalEntries.entryDate), asc(journalEntries.createdAt))
      .limit(input.limit);
    return { from, to, entries: rows.map((row) => toEntry(row.entry)), total: totalOf(rows) };
  },
});

/** Journal: dated free-text entries. */
export const journalModule = defineModule({
  id: 'journal',
  title: 'Journal',
  description: 'A diary: dated entries about your days, listed by date range.',
  tools: [addEntry, listEntries],
});
