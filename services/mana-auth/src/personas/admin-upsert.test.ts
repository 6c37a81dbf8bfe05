import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonaDefinition } from '@mana/contracts';
import { derivePersonaPassword } from '@mana/core';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { upsertPersona } from './admin-upsert';

let h: AuthHarness;

beforeAll(async () => {
  // Public sign-up switched off: the admin path must still create personas.
  h = await createAuthHarness({ config: { disableSignUp: true } });
});
afterAll(async () => h?.close());

const maya: PersonaDefinition = {
  name: 'Maya',
  email: 'persona.maya@mana.test',
  archetype: 'overwhelmed-newbie',
  systemPrompt: 'Du bist Maya, 58, Grundschullehrerin in Kassel, und neu in dieser App.',
  moduleMix: { todo: 1 },
  tickCadence: 'daily',
  timeZone: 'Europe/Berlin',
  locale: 'de-DE',
};

describe('upsertPersona', () => {
  it('creates a persona with its personal space even when public sign-up is off', async () => {
    expect((await h.request('/api/auth/sign-up/email', { json: { email: 'x@mana.test', password: 'long-enough-pw', name: 'x' } })).status).toBeGreaterThanOrEqual(400);
    const { userId, created } = await upsertPersona(h.ctx, maya);
    expect(created).toBe(true);
    const [space] = await h.database.query(`select count(*)::int as n from organizations where personal_owner_id = $1`, [userId]);
    expect(space).toEqual({ n: 1 });
    const login = await h.login(maya.email, derivePersonaPassword(h.config.personaSeedSecret, maya.email));
    expect(login.user.kind).toBe('persona');
  });

  it('re-derives the password when PERSONA_SEED_SECRET changed, so the runner can log in again', async () => {
    const rotated = { ...h.ctx, config: { ...h.ctx.config, personaSeedSecret: 'a-rotated-persona-seed-secret' } };
    expect(await upsertPersona(rotated, maya)).toMatchObject({ created: false });
    await expect(h.login(maya.email, derivePersonaPassword(h.config.personaSeedSecret, maya.email))).rejects.toThrow(/401/);
    expect((await h.login(maya.email, derivePersonaPassword('a-rotated-persona-seed-secret', maya.email))).user.kind).toBe('persona');
  });
});
