import { hashPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonaDefinition } from '@mana/contracts';
import { derivePersonaPassword } from '@mana/core';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { verifyPersonaPassword } from '../session/persona-password-hash';
import { upsertPersona } from './upsert-persona';

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

  it("stores a persona's password as a salted HMAC-SHA256 keyed with BETTER_AUTH_SECRET and a person's with scrypt", async () => {
    const ida = { ...maya, name: 'Ida', email: 'persona.ida@mana.test' };
    const { userId } = await upsertPersona(h.ctx, ida);
    const admin = await h.admin('hash.admin@mana.test');
    const hashes = await h.database.query<{ user_id: string; password: string }>(
      `select user_id, password from accounts where provider_id = 'credential' and user_id in ($1, $2)`,
      [userId, admin.user.id],
    );
    const byUser = new Map(hashes.map((row) => [row.user_id, row.password]));
    expect(byUser.get(userId)).toMatch(/^hmac-sha256\$[\w-]{22}\$[\w-]{43}$/);
    // Keyed with BETTER_AUTH_SECRET, which the database does not hold.
    const password = derivePersonaPassword(h.config.personaSeedSecret, ida.email);
    expect(verifyPersonaPassword(byUser.get(userId)!, password, h.config.authSecret)).toBe(true);
    expect(verifyPersonaPassword(byUser.get(userId)!, password, `${h.config.authSecret}-other`)).toBe(false);
    // Better Auth's scrypt: salt:key in hex.
    expect(byUser.get(admin.user.id)).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect((await h.login(ida.email, derivePersonaPassword(h.config.personaSeedSecret, ida.email))).user.kind).toBe('persona');
    await expect(h.login(ida.email, derivePersonaPassword('another-secret', ida.email))).rejects.toThrow(/401/);
  });

  it('replaces a scrypt hash of a persona seeded before persona hashes, and keeps a matching persona hash', async () => {
    const ida = { ...maya, name: 'Ida', email: 'persona.ida@mana.test' };
    await upsertPersona(h.ctx, ida);
    const password = derivePersonaPassword(h.config.personaSeedSecret, ida.email);
    const [{ id: userId }] = await h.database.query<{ id: string }>(`select id from users where email = $1`, [ida.email]);
    const scrypt = await hashPassword(password);
    await h.database.query(`update accounts set password = $1 where user_id = $2 and provider_id = 'credential'`, [scrypt, userId]);
    expect((await h.login(ida.email, password)).user.kind).toBe('persona');
    const stored = async () =>
      (await h.database.query<{ password: string }>(`select password from accounts where user_id = $1 and provider_id = 'credential'`, [userId]))[0]!.password;

    await upsertPersona(h.ctx, ida);
    const upgraded = await stored();
    expect(upgraded).toMatch(/^hmac-sha256\$/);
    expect((await h.login(ida.email, password)).user.kind).toBe('persona');
    // A second upsert with the same secret finds the hash matching and writes none.
    await upsertPersona(h.ctx, ida);
    expect(await stored()).toBe(upgraded);
  });
});
