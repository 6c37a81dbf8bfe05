import type { AdminPersonaRatings } from '@mana/contracts';
import { AppError } from '@mana/core';
import { ratingNotes, ratingSeries } from './ratings';
import { windowOf, type DashboardDeps } from '../window';

const NOTES_SHOWN = 50;

/** One persona's ratings per module and day over the window, and its notes (complaints first). NOT_FOUND for an unknown persona. */
export async function adminPersonaRatingsFor(deps: DashboardDeps, input: { personaId: string; days: number }): Promise<AdminPersonaRatings> {
  const window = windowOf(deps.now(), input.days);
  const filter = { personaId: input.personaId };
  const [exists, modules, notes] = await Promise.all([
    deps.database.query(`select 1 from personas where user_id = $1`, [input.personaId]),
    ratingSeries(deps, window, filter),
    ratingNotes(deps, window, filter, NOTES_SHOWN),
  ]);
  if (exists.length === 0) throw new AppError('NOT_FOUND', `No persona ${input.personaId}`);
  return { since: window.since, days: window.days, modules, notes };
}
