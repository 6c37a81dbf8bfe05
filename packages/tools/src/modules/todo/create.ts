import { z } from 'zod';
import { todos } from '@mana/db';
import { defineTool } from '../../tool';
import { normalizeTags } from '../../shared/sql';
import { todoDueField, todoNotesField, todoPriorityField, todoResult, todoTagsField, todoTitleField, toTodo } from './shapes';

export const createTodo = defineTool({
  name: 'todo_create',
  title: 'Create a todo',
  description:
    'Adds a new open todo to the current space. Use it when the user wants to remember to do something, optionally by a due day, with a priority and tags. Returns the created todo with its id (use the id with todo_update, todo_complete and todo_reopen).',
  policy: 'write',
  input: z.object({
    title: todoTitleField(),
    notes: todoNotesField().optional(),
    dueDate: todoDueField().optional(),
    priority: todoPriorityField().default('medium'),
    tags: todoTagsField().optional(),
  }),
  output: todoResult,
  async handler(input, ctx) {
    const [row] = await ctx.db
      .insert(todos)
      .values({
        spaceId: ctx.spaceId,
        createdBy: ctx.userId,
        title: input.title,
        notes: input.notes ?? null,
        dueDate: input.dueDate ?? null,
        priority: input.priority,
        tags: normalizeTags(input.tags),
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning();
    return { todo: toTodo(row) };
  },
});
