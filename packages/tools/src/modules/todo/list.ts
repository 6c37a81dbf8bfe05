import { and, asc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { todos } from '@mana/db';
import { defineTool } from '../../tool';
import { field, isoDate, limit, tag, term } from '../../shared/fields';
import { invalid } from '../../shared/errors';
import { containsPattern, hasTag, totalBeforeLimit, totalOf } from '../../shared/sql';
import { PRIORITIES, STATUSES, todoShape, toTodo } from './shapes';

/** High before medium before low (the stored text does not sort that way). */
const priorityRank = sql`case ${todos.priority} when 'high' then 0 when 'medium' then 1 else 2 end`;

export const listTodos = defineTool({
  name: 'todo_list',
  title: 'List todos',
  description:
    'Lists todos of the current space, open ones by default, soonest due first (todos without a due day last). Filter by status, priority, due range, tag or a word in the title or notes. Returns the matching todos with their ids and the total number of matches.',
  policy: 'read',
  input: z.object({
    status: field(z.enum([...STATUSES, 'all']).default('open'), 'Which todos: open, done or all (default open).', 'open'),
    priority: field(z.enum(PRIORITIES), 'Only todos of this priority.', 'high').optional(),
    dueBefore: field(isoDate(), 'Only todos due on or before this day, YYYY-MM-DD.', '2026-12-31').optional(),
    dueAfter: field(isoDate(), 'Only todos due on or after this day, YYYY-MM-DD.', '2026-12-01').optional(),
    tag: field(tag(), 'Only todos carrying this tag.', 'health').optional(),
    text: field(term(200), 'Only todos whose title or notes contain this text (case-insensitive).', 'dentist').optional(),
    limit: limit(50),
  }),
  output: z.object({ todos: z.array(todoShape), total: z.int() }),
  async handler(input, ctx) {
    if (input.dueBefore && input.dueAfter && input.dueAfter > input.dueBefore) {
      throw invalid(`dueAfter (${input.dueAfter}) is later than dueBefore (${input.dueBefore}); no todo can match.`);
    }
    const filters: (SQL | undefined)[] = [eq(todos.spaceId, ctx.spaceId)];
    if (input.status !== 'all') filters.push(eq(todos.status, input.status));
    if (input.priority) filters.push(eq(todos.priority, input.priority));
    if (input.dueBefore) filters.push(lte(todos.dueDate, input.dueBefore));
    if (input.dueAfter) filters.push(gte(todos.dueDate, input.dueAfter));
    if (input.tag) filters.push(hasTag(todos.tags, input.tag));
    if (input.text) {
      const pattern = containsPattern(input.text);
      filters.push(or(ilike(todos.title, pattern), ilike(todos.notes, pattern)));
    }
    const rows = await ctx.db
      .select({ todo: todos, total: totalBeforeLimit() })
      .from(todos)
      .where(and(...filters))
      .orderBy(sql`${todos.dueDate} asc nulls last`, priorityRank, asc(todos.createdAt))
      .limit(input.limit);
    return { todos: rows.map((row) => toTodo(row.todo)), total: totalOf(rows) };
  },
});
