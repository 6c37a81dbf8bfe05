import { z } from 'zod';
import type { todos } from '@mana/db';
import { entityId, field, instant, isoDate, tagList, text, title } from '../../shared/fields';

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const STATUSES = ['open', 'done'] as const;

/** A todo as every todo tool returns it. */
export const todoShape = z.object({
  id: z.uuid(),
  title: z.string(),
  notes: z.string().nullable(),
  dueDate: z.iso.date().nullable(),
  priority: z.enum(PRIORITIES),
  tags: z.array(z.string()),
  status: z.enum(STATUSES),
  completedAt: instant().nullable(),
  createdAt: instant(),
  updatedAt: instant(),
});
export type Todo = z.input<typeof todoShape>;

/** Maps a row to the tool shape (timestamps as ISO strings). */
export function toTodo(row: typeof todos.$inferSelect): Todo {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    dueDate: row.dueDate,
    priority: row.priority as Todo['priority'],
    tags: row.tags,
    status: row.status as Todo['status'],
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const todoIdField = () => entityId('todo', '3f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37');
export const todoTitleField = () => field(title(), 'Short title of the todo, at most 200 characters.', 'Call the dentist');
export const todoNotesField = () => field(text(), 'Longer details, at most 10,000 characters.', 'Ask about the cleaning appointment in June');
export const todoDueField = () => field(isoDate(), 'Day the todo is due, YYYY-MM-DD.', '2026-12-01');
export const todoPriorityField = () => field(z.enum(PRIORITIES), 'How important it is: low, medium or high.', 'high');
export const todoTagsField = () => field(tagList(), 'Labels for grouping, up to 20, each at most 40 characters.', ['health', 'calls']);

/** The single-todo result of create, update, complete and reopen. */
export const todoResult = z.object({ todo: todoShape });
