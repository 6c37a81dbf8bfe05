import { sql } from 'drizzle-orm';
import type { PersonaProfile, TickCadence } from '@mana/contracts';
import { toIso } from './sql-rows';

/** A persona row joined with its user, as the due and claim queries select it. */
export interface PersonaRow {
  user_id: string;
  email: string;
  name: string;
  archetype: string;
  system_prompt: string;
  module_mix: Record<string, number>;
  tick_cadence: TickCadence;
  time_zone: string;
  locale: string;
  last_active_at: Date | string | null;
  next_due_at: Date | string;
}

/** The select list matching `PersonaRow` (tables aliased `p` and `u`). */
export const personaColumns = sql.raw(
  'p.user_id, u.email, u.name, p.archetype, p.system_prompt, p.module_mix, p.tick_cadence, p.time_zone, p.locale, p.last_active_at, p.next_due_at',
);

/** The contract's persona shape (`/due`, `/claim`). */
export function toProfile(row: PersonaRow): PersonaProfile {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    archetype: row.archetype,
    systemPrompt: row.system_prompt,
    moduleMix: row.module_mix,
    tickCadence: row.tick_cadence,
    timeZone: row.time_zone,
    locale: row.locale,
    lastActiveAt: toIso(row.last_active_at),
  };
}
