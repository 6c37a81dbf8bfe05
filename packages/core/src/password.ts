import { createHmac } from 'node:crypto';

/**
 * Development fallback for PERSONA_SEED_SECRET. Production start refuses it
 * (see each service's config), so it can only ever unlock local personas.
 */
export const DEV_PERSONA_SEED_SECRET = 'mana-dev-persona-seed-secret-change-me';

/**
 * A persona's password: HMAC-SHA256(secret, email), base64 without the
 * non-alphanumeric characters, first 32 characters. Seeding, the runner and the
 * tests all call this one function, so the sides cannot drift apart.
 */
export function derivePersonaPassword(secret: string, email: string): string {
  if (!secret) throw new Error('PERSONA_SEED_SECRET must not be empty');
  const digest = createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('base64');
  return digest.replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
}
