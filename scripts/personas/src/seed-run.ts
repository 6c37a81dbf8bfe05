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
  const mix = Object.entries(p.moduleMix)
    .map(([m, w]) => `${m}:${w}`)
    .join(' ');
  return `${p.email.padEnd(32)} ${p.archetype.padEnd(20)} ${p.tickCadence.padEnd(9)} ${p.timeZone.padEnd(16)} ${mix}`;
}

export interface SeedOptions {
  /** Upserts in flight at once (default 4); a persona costs mana-auth ~14 ms of CPU and ~22 statements (no scrypt: its password is a machine secret). */
  concurrency?: number;
  /** Called after each persona with the count done so far (progress output). */
  onProgress?: (done: number, total: number, line: SeedLine) => void;
}

/**
 * Upserts every catalogue persona through the admin API (idempotent: a second
 * run updates in place), a bounded number at a time; the lines come back in
 * catalogue order. The first failure stops taking new personas and is thrown.
 * Without a client it only returns the plan.
 */
export async function seedPersonas(personas: PersonaDefinition[], client: AdminClient | null, options: SeedOptions = {}): Promise<SeedLine[]> {
  if (!client) return personas.map((p) => ({ email: p.email, action: 'create-or-update' }));
  const lines: SeedLine[] = new Array(personas.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < personas.length) {
      const index = next++;
      try {
        const result = await client.upsert(personas[index]);
        lines[index] = { email: result.email, action: result.created ? 'created' : 'updated', userId: result.userId };
      } catch (error) {
        failed = true;
        throw error;
      }
      options.onProgress?.(++done, personas.length, lines[index]);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, personas.length));
  await Promise.all(Array.from({ length: workers }, worker));
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
