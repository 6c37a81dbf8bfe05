import { describe, expect, it } from 'vitest';
import { derivePersonaPassword } from '@mana/core';
import type { LoginResponse } from '@mana/contracts';
import { createSessionCache } from './session-cache';

/** A login stand-in that issues numbered tokens with a fixed lifetime on the test's clock. */
function issuer(clock: { now: number }, ttlMs: number) {
  const calls: { email: string; password: string }[] = [];
  const login = async (credentials: { email: string; password: string }): Promise<LoginResponse> => {
    calls.push(credentials);
    return {
      accessToken: `jwt-${calls.length}`,
      expiresAt: new Date(clock.now + ttlMs).toISOString(),
      user: { id: 'u1', email: credentials.email, kind: 'persona' },
      personalSpaceId: 'space-1',
    };
  };
  return { login, calls };
}

describe('session cache', () => {
  it('logs in with the derived password once and reuses the JWT between ticks', async () => {
    const clock = { now: Date.parse('2026-01-05T08:00:00Z') };
    const { login, calls } = issuer(clock, 15 * 60_000);
    const cache = createSessionCache({ personaSeedSecret: 'secret-0123456789abcdef', login, now: () => new Date(clock.now) });
    const first = await cache.get('Anna@Mana.test');
    clock.now += 5 * 60_000;
    const second = await cache.get('anna@mana.test');
    expect(first).toEqual(second);
    expect(first).toMatchObject({ userId: 'u1', spaceId: 'space-1', accessToken: 'jwt-1' });
    expect(calls).toEqual([{ email: 'Anna@Mana.test', password: derivePersonaPassword('secret-0123456789abcdef', 'anna@mana.test') }]);
  });

  it('re-issues shortly before expiry, not after', async () => {
    const clock = { now: Date.parse('2026-01-05T08:00:00Z') };
    const { login, calls } = issuer(clock, 15 * 60_000);
    const cache = createSessionCache({ personaSeedSecret: 's', login, now: () => new Date(clock.now), refreshMarginMs: 60_000 });
    await cache.get('a@mana.test');
    clock.now += 13 * 60_000; // 2 min left: still fresh
    expect((await cache.get('a@mana.test')).accessToken).toBe('jwt-1');
    clock.now += 61_000; // 59 s left: inside the margin
    expect((await cache.get('a@mana.test')).accessToken).toBe('jwt-2');
    expect(calls).toHaveLength(2);
  });

  it('caps the margin for very short tokens so they are still reused', async () => {
    const clock = { now: 0 };
    const { login, calls } = issuer(clock, 40_000);
    const cache = createSessionCache({ personaSeedSecret: 's', login, now: () => new Date(clock.now), refreshMarginMs: 120_000 });
    await cache.get('a@mana.test');
    clock.now += 20_000; // 20 s left of 40: more than a quarter
    await cache.get('a@mana.test');
    expect(calls).toHaveLength(1);
    clock.now += 11_000; // 9 s left: re-issue
    await cache.get('a@mana.test');
    expect(calls).toHaveLength(2);
  });

  it('shares one login between concurrent requests and does not cache a failure', async () => {
    const clock = { now: 0 };
    const { login, calls } = issuer(clock, 900_000);
    let fail = true;
    const flaky = async (c: { email: string; password: string }) => {
      if (fail) throw new Error('auth down');
      return login(c);
    };
    const cache = createSessionCache({ personaSeedSecret: 's', login: flaky, now: () => new Date(clock.now) });
    await expect(cache.get('a@mana.test')).rejects.toThrow('auth down');
    fail = false;
    const [a, b] = await Promise.all([cache.get('a@mana.test'), cache.get('a@mana.test')]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
  });
});
