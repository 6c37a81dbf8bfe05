import type { PersonaProfile } from '@mana/contracts';
import { personas, users, type Persona } from '@mana/db';

/** The select list of a persona joined with its user, as the due and claim scans read it (a drizzle select list). */
export const personaColumns = {
  userId: personas.userId,
  email: users.email,
  name: users.name,
  archetype: personas.archetype,
  systemPrompt: personas.systemPrompt,
  moduleMix: personas.moduleMix,
  tickCadence: personas.tickCadence,
  timeZone: personas.timeZone,
  locale: personas.locale,
  lastActiveAt: personas.lastActiveAt,
  nextDueAt: personas.nextDueAt,
};

/** A persona row joined with its user's e-mail and name. */
export type PersonaRow = Pick<Persona, 'userId' | 'archetype' | 'systemPrompt' | 'moduleMix' | 'tickCadence' | 'timeZone' | 'locale' | 'lastActiveAt' | 'nextDueAt'> & {
  email: string;
  name: string;
};

/** The contract's persona shape (`/due`, `/claim`). */
export function toProfile(row: PersonaRow): PersonaProfile {
  const { nextDueAt: _internal, lastActiveAt, ...profile } = row;
  return { ...profile, lastActiveAt: lastActiveAt?.toISOString() ?? null };
}
