import { sql } from 'drizzle-orm';
import { AppError } from '@mana/core';
import { rowsOf } from '@mana/db';
import type { PersonaDeps } from './persona-deps';

/**
 * Deletes a persona user and, through the cascades, everything it owns:
 * persona row, ticks, actions, feedback, sessions, accounts, memberships and
 * its personal space. Only users of kind `persona`: anyone else is NOT_FOUND.
 */
export async function deletePersona(deps: Pick<PersonaDeps, 'database'>, personaId: string): Promise<{ deleted: true; userId: string }> {
  const deleted = await rowsOf<{ id: string }>(deps.database.db, sql`delete from users where id = ${personaId} and kind = 'persona' returning id`);
  if (deleted.length === 0) throw new AppError('NOT_FOUND', `No persona ${personaId}`);
  return { deleted: true, userId: personaId };
}
