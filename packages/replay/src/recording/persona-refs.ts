import { AppError } from '@mana/core';

/**
 * A persona's ref in a recording: the local part of its e-mail (`persona.anna`),
 * stable across exports and not secret; the whole e-mail where two personas of the
 * database share a local part, so that a ref names one persona.
 */
export function personaRefs(emails: readonly string[]): Map<string, string> {
  const localPart = (email: string) => email.slice(0, email.lastIndexOf('@'));
  const uses = new Map<string, number>();
  for (const email of emails) uses.set(localPart(email), (uses.get(localPart(email)) ?? 0) + 1);
  return new Map(emails.map((email) => [email, uses.get(localPart(email)) === 1 ? localPart(email) : email]));
}

/**
 * The personas `--personas` names, each by its ref or its e-mail (e-mail case-insensitive),
 * as the e-mails they resolve to. A name that is no persona of the database is a VALIDATION error.
 */
export function resolvePersonas(names: readonly string[], refs: Map<string, string>): Set<string> {
  const byName = new Map<string, string>();
  for (const [email, ref] of refs) {
    byName.set(ref, email);
    byName.set(email.toLowerCase(), email);
  }
  const unknown = names.filter((name) => !byName.has(name) && !byName.has(name.toLowerCase()));
  if (unknown.length > 0)
    throw new AppError(
      'VALIDATION',
      `unknown persona${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}: name a persona by its ref (the e-mail's local part, such as persona.anna) or its e-mail`,
      {
        issues: [{ path: 'personas', message: 'unknown persona' }],
      },
    );
  return new Set(names.map((name) => byName.get(name) ?? byName.get(name.toLowerCase())!));
}
