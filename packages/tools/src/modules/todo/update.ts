import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { todos } from '@mana/db';
import { defineTool } from '../../tool';
import { clearable } from '../../shared/fields';
import { notFound, requireChanges } from '../../shared/errors';
import { normalizeTags } from '../../shared/sql';
import { todoDueField, todoIdField, todoNotesField, todoPriorityField, todoResult, todoTagsField, todoTitleField, toTodo } from './shapes';

export const updateTodo = defineTool({
  name: 'todo_update',
  title: 'Update a todo',
  description:
    'Changes the title, notes, due day, priority or tags of an existing todo: give at least one of them; fields you leave out stay as they are, and null clears notes or the due day. Use todo_complete / todo_reopen to change its status. Returns the updated todo.',
  policy: 'write',
  input: z.object({
    todoId: todoIdField(),
    title: todoTitleField().optional(),
    notes: clearable(todoNotesField()).optional(),
    dueDate: clearable(todoDueField()).optional(),
    priority: todoPriorityField().optional(),
    tags: todoTagsField().optional(),
  }),
  output: todoResult,
  async handler({ todoId, ...changes }, ctx) {
    requireChanges(changes, ['title', 'notes', 'dueDate', 'priority', 'tags']);
    const [row] = await ctx.db
      .update(todos)
      .set({ ...changes, tags: changes.tags && normalizeTags(changes.tags), updatedAt: ctx.now() })
      .where(and(eq(todos.id, todoId), eq(todos.spaceId, ctx.spaceId)))
      .returning();
    if (!row) throw notFound('todo', todoId);
    return { todo: toTodo(row) };
  },
});
