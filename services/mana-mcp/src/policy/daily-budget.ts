import { sql } from 'drizzle-orm';
import { asyncCommit, toolBudgets, type Db } from '@mana/db';

/**
 * Takes one unit of a costly tool's daily budget for a space, atomically:
 * the counter row for (space, tool, UTC day) is created at 1 or incremented
 * only while below `limit`. Returns false (and changes nothing) once the
 * budget is spent, also under concurrent calls from many sessions. The count
 * commits asynchronously (`asyncCommit`): a crash of PostgreSQL itself may
 * forget the last ~0.6 s of units, letting a space go that much over.
 */
export async function consumeDailyBudget(db: Db, input: { spaceId: string; toolName: string; now: Date; limit: number }): Promise<boolean> {
  if (input.limit <= 0) return false;
  const day = input.now.toISOString().slice(0, 10);
  const rows = await db
    .insert(toolBudgets)
    .values({ spaceId: input.spaceId, toolName: input.toolName, day, calls: 1 })
    .onConflictDoUpdate({
      target: [toolBudgets.spaceId, toolBudgets.toolName, toolBudgets.day],
      set: { calls: sql`${toolBudgets.calls} + 1` },
      setWhere: sql`${toolBudgets.calls} < ${input.limit}`,
    })
    .returning({ calls: toolBudgets.calls, asyncCommit });
  return rows.length > 0;
}
