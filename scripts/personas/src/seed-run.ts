import type { PersonaDefinition } from '@mana/contracts';
import type { AdminClient } from './admin-client';

/** What seeding did (or, in a dry run, would do) for one persona. */
export interface SeedLine {
  email: string;
  action: 'create-or-update' | 'created' | 'updated';
  userId?: string;
}

/** One line of the plan, for people. */
export function describePersona(p: PersonaDefinition): string {
  const mix = Object.entries(p.moduleMix).map(([m, w]) => `${m}:${w}`).join(' ');
  return `${p.email.padEnd(32)} ${p.archetype.padEnd(20)} ${p.tickCadence.padEnd(9)} ${p.timeZone.padEnd(16)} ${mix}`;
}

/**
 * Upserts every catalogue persona through the admin API (idempotent: a second
 * run updates in place). Without a client it only returns the plan.
 */
export async function seedPersonas(personas: PersonaDefinition[], client: AdminClient | null): Promise<SeedLine[]> {
  if (!client) return personas.map((p) => ({ email: p.email, action: 'create-or-update' }));
  const lines: SeedLine[] = [];
  for (const persona of personas) {
    const result = await client.upsert(persona);
    lines.push({ email: result.email, action: result.created ? 'created' : 'updated', userId: result.userId });
  }
  return lines;
}

/**
 * Removes personas through the admin API: the catalogue's (matched by e-mail)
 * or, with `all`, every persona. Returns the e-mails concerned; a dry run
 * lists them without deleting.
 */
export async function cleanupPersonas(client: AdminClient, options: { catalogEmails: string[]; all: boolean; dryRun: boolean }): Promise<string[]> {
  const wanted = new Set(options.catalogEmails.map((e) => e.toLowerCase()));
  const targets = (await client.list()).filter((p) => options.all || wanted.has(p.email.toLowerCase()));
  if (!options.dryRun) for (const p of targets) await client.remove(p.userId);
  return targets.map((p) => p.email);
}
