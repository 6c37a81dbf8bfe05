import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { habits } from '@mana/db';
import type { ToolContext } from '../../tool';
import { entityId, field, instant, isoDate, text, title } from '../../shared/fields';
import { notFound } from '../../shared/errors';

export const CADENCES = ['daily', 'weekly'] as const;

export const habitShape = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  cadence: z.enum(CADENCES),
  archived: z.boolean(),
  createdAt: instant(),
});

export type HabitRow = typeof habits.$inferSelect;

/** Maps a row to the base habit shape. */
export function toHabit(row: HabitRow): z.input<typeof habitShape> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cadence: row.cadence as (typeof CADENCES)[number],
    archived: row.archivedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The habit `habitId` of the caller's space, or NOT_FOUND. */
export async function findHabit(ctx: ToolContext, habitId: string): Promise<HabitRow> {
  const [row] = await ctx.db
    .select()
    .from(habits)
    .where(and(eq(habits.id, habitId), eq(habits.spaceId, ctx.spaceId)));
  if (!row) throw notFound('habit', habitId);
  return row;
}

export const habitIdField = () => entityId('habit', '5d2e8c1a-7f3b-4a9d-8e6c-2b1a0f9e8d7c');
export const habitNameField = () => field(title(120), 'Name of the habit, at most 120 characters.', 'Drink 2 litres of water');
export const habitDescriptionField = () => field(text(2000), 'Why or how, at most 2,000 characters.', 'One glass with every meal');
export const habitCadenceField = () => field(z.enum(CADENCES), 'How often it should happen: daily or weekly.', 'daily');
export const checkInDateField = () => field(isoDate(), 'Day of the check-in, YYYY-MM-DD; defaults to today, must not be in the future.', '2026-11-26');
export const checkInNoteField = () => field(text(1000), 'Optional remark about this check-in, at most 1,000 characters.', 'Did it before breakfast');
