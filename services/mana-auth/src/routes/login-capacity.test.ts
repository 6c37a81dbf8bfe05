import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, loginResponse } from '@mana/contracts';
import { derivePersonaPassword } from '@mana/core';
import { upsertPersona } from '../admin/upsert-persona';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

/**
 * Issue 10 §2.6 regression: 1,000 logins at once queued 1,000 password hashes on
 * the thread pool ahead of the database's connection handshakes, and mana-auth
 * lost its connections. Hashes now wait in a bounded queue; beyond it a login or
 * sign-up is refused at once with 503 and Retry-After, writes nothing and counts
 * nothing against the account (it is not a wrong password).
 */
let h: AuthHarness;
const PASSWORD = 'correct-horse-battery-staple';

beforeAll(async () => {
  h = await createAuthHarness({ config: { passwordGate: { concurrency: 1, maxQueue: 0 } } });
  await h.signUp('crowd@mana.test', PASSWORD);
});
afterAll(async () => h?.close());

/** Holds the one hash slot (as a long hash would) until the returned function is called. */
function occupyGate(): () => Promise<void> {
  let finish!: () => void;
  const held = h.ctx.passwords.run(() => new Promise<void>((resolve) => (finish = resolve)));
  return async () => {
    finish();
    await held;
  };
}

const login = () => h.request('/api/v1/auth/login', { json: { email: 'crowd@mana.test', password: PASSWORD } });
const signUp = (email: string) => h.request('/api/auth/sign-up/email', { json: { email, password: PASSWORD, name: 'Crowd' } });

describe('login and sign-up beyond the password queue', () => {
  it('a login gets 503 UNAVAILABLE with Retry-After at once and succeeds once the queue has room', async () => {
    const release = occupyGate();
    const busy = await login();
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = errorBody.parse(await busy.json());
    expect(body.error.code).toBe('UNAVAILABLE');
    expect(body.error.message).toMatch(/try again in \d+ s/);
    await release();
    const retry = await login();
    expect(retry.status).toBe(200);
    expect(loginResponse.parse(await retry.json()).user.email).toBe('crowd@mana.test');
  });

  it('a sign-up gets 503 with Retry-After and writes no user', async () => {
    const release = occupyGate();
    const busy = await signUp('late@crowd.test');
    await release();
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(errorBody.parse(await busy.json()).error.code).toBe('UNAVAILABLE');
    const [users] = await h.database.query<{ n: number }>(`select count(*)::int as n from users where email = 'late@crowd.test'`);
    expect(users!.n).toBe(0);
    expect((await signUp('late@crowd.test')).status).toBe(200);
  });

  it("a persona's login needs no hash slot: it succeeds while a person's is refused", async () => {
    const email = 'persona.crowd@mana.test';
    await upsertPersona(h.ctx, {
      name: 'Crowd',
      email,
      archetype: 'power-user',
      systemPrompt: 'You are Crowd.',
      moduleMix: { todo: 1 },
      tickCadence: 'daily',
      timeZone: 'UTC',
      locale: 'en-US',
    });
    const release = occupyGate();
    const persona = await h.request('/api/v1/auth/login', { json: { email, password: derivePersonaPassword(h.config.personaSeedSecret, email) } });
    const person = await login();
    await release();
    expect(persona.status).toBe(200);
    expect(loginResponse.parse(await persona.json()).user.kind).toBe('persona');
    expect(person.status).toBe(503);
  });
});
