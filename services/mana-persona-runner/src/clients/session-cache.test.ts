import { describe, expect, it } from 'vitest';
import { AppError, derivePersonaPassword } from '@mana/core';
import type { LoginResponse } from '@mana/contracts';
import { createSessionCache } from './session-cache';

/** A login stand-in that issues numbered tokens with a fixed lifetime on the test's clock. */
function issuer(clock: { now: number }, ttlMs: number, refreshTtlMs = 7 * 86_400_000) {
  const calls: { email: string; password: string }[] = [];
  const refreshes: string[] = [];
  let issued = 0;
  const answer = (email: string, refreshToken: string, refreshExpiresAt: string): LoginResponse => ({
    accessToken: `jwt-${++issued}`,
    expiresAt: new Date(clock.now + ttlMs).toISOString(),
    refreshToken,
    refreshExpiresAt,
    user: { id: 'u1', email, kind: 'persona' },
    personalSpaceId: 'space-1',
  });
  const login = async (credentials: { email: string; password: string }): Promise<LoginResponse> => {
    calls.push(credentials);
    return answer(credentials.email, `refresh-${calls.length}`, new Date(clock.now + refreshTtlMs).toISOString());
  };
  /** Renews while the token is the latest login's and unexpired, as mana-auth does (revoked = refused). */
  const revoked = new Set<string>();
  const refresh = async (token: string): Promise<LoginResponse> => {
    refreshes.push(token);
    if (revoked.has(token)) throw new AppError('UNAUTHORIZED', 'Refresh token is invalid, expired or revoked');
    return answer('a@mana.test', token, new Date(clock.now + refreshTtlMs).toISOString());
  };
  return { login, refresh, calls, refreshes, revoked };
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

  it('renews an expired JWT with the refresh token, not the password', async () => {
    const clock = { now: 0 };
    const { login, refresh, calls, refreshes } = issuer(clock, 15 * 60_000);
    const methods: string[] = [];
    const cache = createSessionCache({ personaSeedSecret: 's', login, refresh, now: () => new Date(clock.now), onIssue: (m) => methods.push(m) });
    for (let day = 0; day < 5; day++) {
      clock.now = day * 86_400_000;
      expect((await cache.get('a@mana.test')).accessToken).toBe(`jwt-${day + 1}`);
    }
    expect(calls).toHaveLength(1);
    expect(refreshes).toEqual(['refresh-1', 'refresh-1', 'refresh-1', 'refresh-1']);
    expect(methods).toEqual(['password', 'refresh', 'refresh', 'refresh', 'refresh']);
  });

  it('falls back to the password when the refresh token is refused, and uses the new one afterwards', async () => {
    const clock = { now: 0 };
    const { login, refresh, calls, refreshes, revoked } = issuer(clock, 60_000);
    const cache = createSessionCache({ personaSeedSecret: 's', login, refresh, now: () => new Date(clock.now) });
    await cache.get('a@mana.test');
    revoked.add('refresh-1');
    clock.now += 120_000;
    await cache.get('a@mana.test');
    expect(calls).toHaveLength(2);
    clock.now += 120_000;
    await cache.get('a@mana.test');
    expect(calls).toHaveLength(2);
    expect(refreshes).toEqual(['refresh-1', 'refresh-2']);
  });

  it('logs in by password when the refresh token is about to expire, and does not log in during an outage', async () => {
    const clock = { now: 0 };
    const { login, calls } = issuer(clock, 60_000, 200_000);
    let down = false;
    const refresh = async (token: string): Promise<LoginResponse> => {
      if (down) throw new AppError('INTERNAL', 'mana-auth unreachable');
      return issuer(clock, 60_000, 200_000).refresh(token);
    };
    const cache = createSessionCache({ personaSeedSecret: 's', login, refresh, now: () => new Date(clock.now), refreshMarginMs: 30_000 });
    await cache.get('a@mana.test');
    down = true;
    clock.now += 60_000;
    await expect(cache.get('a@mana.test')).rejects.toThrow('unreachable');
    expect(calls).toHaveLength(1);
    down = false;
    clock.now += 120_000; // 20 s of the refresh token left: inside the margin
    await cache.get('a@mana.test');
    expect(calls).toHaveLength(2);
  });

  it('invalidate drops the JWT but keeps the refresh token', async () => {
    const clock = { now: 0 };
    const { login, refresh, calls, refreshes } = issuer(clock, 900_000);
    const cache = createSessionCache({ personaSeedSecret: 's', login, refresh, now: () => new Date(clock.now) });
    await cache.get('a@mana.test');
    cache.invalidate('A@mana.test');
    expect((await cache.get('a@mana.test')).accessToken).toBe('jwt-2');
    expect(calls).toHaveLength(1);
    expect(refreshes).toEqual(['refresh-1']);
  });

  it('drops a login cached for another user of the e-mail (persona deleted and created again): fresh JWT and refresh token by password (issue 24 §4)', async () => {
    const clock = { now: 0 };
    const stand = issuer(clock, 900_000);
    const { calls, refreshes } = stand;
    let userId = 'u1';
    const as = (answer: LoginResponse): LoginResponse => ({ ...answer, user: { ...answer.user, id: userId } });
    const login = async (credentials: { email: string; password: string }) => as(await stand.login(credentials));
    const refresh = async (token: string) => as(await stand.refresh(token));
    const cache = createSessionCache({ personaSeedSecret: 's', login, refresh, now: () => new Date(clock.now) });
    expect(await cache.get('a@mana.test', 'u1')).toMatchObject({ userId: 'u1', accessToken: 'jwt-1' });
    expect(await cache.get('a@mana.test', 'u1')).toMatchObject({ accessToken: 'jwt-1' });
    userId = 'u2';
    expect(await cache.get('A@mana.test', 'u2')).toMatchObject({ userId: 'u2', accessToken: 'jwt-2' });
    cache.invalidate('a@mana.test');
    expect(await cache.get('a@mana.test', 'u2')).toMatchObject({ userId: 'u2', accessToken: 'jwt-3' });
    expect(calls).toHaveLength(2);
    expect(refreshes).toEqual(['refresh-2']); // never the deleted user's refresh token
    // Without a user to check against (/diag/login) the cache answers as before.
    expect(await cache.get('a@mana.test')).toMatchObject({ userId: 'u2', accessToken: 'jwt-3' });
  });
});
