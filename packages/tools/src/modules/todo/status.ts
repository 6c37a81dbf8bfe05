import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { todos } from '@mana/db';
import { defineTool, type ToolContext } from '../../tool';
import { conflict, notFound } from '../../shared/errors';
import { todoIdField, todoResult, toTodo } from './shapes';

/**
 * Moves a todo from `from` to the other status in one statement; when nothing
 * changed, tells apart "not in this space" from "already in that status".
 */
async function transition(ctx: ToolContext, todoId: string, from: 'open' | 'done') {
  const now = ctx.now();
  const [row] = await ctx.db
    .update(todos)
    .set(from === 'open' ? { status: 'done', completedAt: now, updatedAt: now } : { status: 'open', completedAt: null, updatedAt: now })
    .where(and(eq(todos.id, todoId), eq(todos.spaceId, ctx.spaceId), eq(todos.status, from)))
    .returning();
  if (row) return { todo: toTodo(row) };
  const [existing] = await ctx.db
    .select({ title: todos.title })
    .from(todos)
    .where(and(eq(todos.id, todoId), eq(todos.spaceId, ctx.spaceId)));
  if (!existing) throw notFound('todo', todoId);
  throw from === 'open' ? conflict(`The todo "${existing.title}" is already done; use todo_reopen to open it again.`) : conflict(`The todo "${existing.title}" is already open.`);
}

export const completeTodo = defineTool({
  name: 'todo_complete',
  title: 'Complete a todo',
  description:
    'Marks an open todo as done and records when. Use it when the user finished the task; find the id with todo_list first. Completing a todo that is already done is refused with a message. Returns the updated todo.',
  policy: 'write',
  input: z.object({ todoId: todoIdField() }),
  output: todoResult,
  handler: ({ todoId }, ctx) => transition(ctx, todoId, 'open'),
});

export const reopenTodo = defineTool({
  name: 'todo_reopen',
  title: 'Reopen a todo',
  description:
    'Sets a done todo back to open, for when it was completed by mistake or needs doing again. Reopening an open todo is refused with a message. Returns the updated todo.',
  policy: 'write',
  input: z.object({ todoId: todoIdField() }),
  output: todoResult,
  handler: ({ todoId }, ctx) => transition(ctx, todoId, 'done'),
});
