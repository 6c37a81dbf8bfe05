import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { todos } from '@mana/db';
import { defineTool } from '../../tool';
import { notFound } from '../../shared/errors';
import { todoIdField } from './shapes';

export const deleteTodo = defineTool({
  name: 'todo_delete',
  title: 'Delete a todo',
  description: 'Permanently deletes a todo. It cannot be undone, so prefer todo_complete for finished tasks. Returns the id and title of the deleted todo.',
  policy: 'destructive',
  input: z.object({ todoId: todoIdField() }),
  output: z.object({ deleted: z.object({ id: z.uuid(), title: z.string() }) }),
  async handler({ todoId }, ctx) {
    const [row] = await ctx.db
      .delete(todos)
      .where(and(eq(todos.id, todoId), eq(todos.spaceId, ctx.spaceId)))
      .returning({ id: todos.id, title: todos.title });
    if (!row) throw notFound('todo', todoId);
    return { deleted: row };
  },
});
