import { sql } from 'drizzle-orm';
import { derivePersonaPassword, redactSecrets } from '@mana/core';
import { rowsOf, textArray, type Tx } from '@mana/db';

/** The server's own secrets (AuthConfig's fields of the same names). */
export interface ServerSecrets {
  serviceKey: string;
  authSecret: string;
  personaSeedSecret: string;
}

/** What a Better Auth session token (our refresh token) looks like: 32 letters and digits. */
const SESSION_TOKEN_CANDIDATE = /\b[A-Za-z0-9]{32}\b/g;
/** Candidates looked up per report at most (a text full of 32-character words is not worth more). */
const MAX_TOKEN_CANDIDATES = 100;

/** Redacts a value for storage (strings anywhere inside it). */
export type Redact = <T>(value: T) => T;

/** Passwords this process generated (the first admin's, development): no stored text may hold them. */
const generated = new Set<string>();

/** Remembers a password this process generated, so that no text it stores from a runner holds it. */
export function rememberGeneratedPassword(password: string): void {
  if (password.length >= 8) generated.add(password);
}

/**
 * The one redaction of everything mana-auth stores from a runner — a tick's
 * error, its calls' error messages, rating notes and the day's record: the
 * patterns of `redactSecrets` (bearer tokens, JWTs, API keys, values under
 * secret key names) plus every secret value the server knows for this
 * report: its own secrets, the persona's derived password, passwords this
 * process generated, and any live session token (a bare refresh token) found
 * in the text — looked up only when the text holds something shaped like one.
 */
export async function storedRedaction(tx: Tx, secrets: ServerSecrets | undefined, personaEmail: string, payload: unknown): Promise<Redact> {
  const known = [...generated];
  if (secrets) known.push(secrets.serviceKey, secrets.authSecret, secrets.personaSeedSecret, derivePersonaPassword(secrets.personaSeedSecret, personaEmail));
  const candidates = [...new Set(JSON.stringify(payload ?? null).match(SESSION_TOKEN_CANDIDATE) ?? [])].slice(0, MAX_TOKEN_CANDIDATES);
  if (candidates.length > 0) {
    const live = await rowsOf<{ token: string }>(tx, sql`select token from sessions where token = any(${textArray(candidates)})`);
    known.push(...live.map((row) => row.token));
  }
  return (value) => redactSecrets(value, known);
}
