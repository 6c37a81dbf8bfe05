import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { errorBody } from '@mana/contracts';
import { errorResponse } from '@mana/core';
import { createApp } from '../app';
import { createLoginThrottle, LOGIN_RULES } from '../session/login-throttle';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { createLoginRoutes } from './login';

/**
 * Regressions of issue 10 §3 (login abuse, sign-up abuse): limits per client
 * address and per account with back-off instead of a 15-minute lock-out,
 * JSON only from a trusted Origin, a sign-up limit and a display-name cap.
 */
let h: AuthHarness;
const PASSWORD = 'correct-horse-battery-staple';
let frozen = new Date('2026-03-02T10:00:00Z');
let loginApp: Hono;

beforeAll(async () => {
  h = await createAuthHarness({ config: { signUpsPerHour: 3, trustedOrigins: ['http://mana-auth.test', 'http://localhost:5173'] } });
  await h.signUp('owner@mana.test', PASSWORD);
  // The login routes with a throttle on a frozen clock, so back-off waits do not pass while the test runs.
  loginApp = new Hono()
    .route(
      '/api/v1/auth',
      createLoginRoutes(
        h.ctx,
        createLoginThrottle(() => frozen),
      ),
    )
    .onError((e, c) => errorResponse(c, e));
});
afterAll(async () => h?.close());

/** A request as it arrives from `address` (the socket peer the node adapter exposes). */
const from = (app: { request: Hono['request'] }, address: string, path: string, init: RequestInit) => app.request(path, init, { incoming: { socket: { remoteAddress: address } } });
const login = (address: string, email: string, password: string, headers: Record<string, string> = {}) =>
  from(loginApp, address, '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });

describe('login throttling', () => {
  it('ten wrong passwords from one address make that address wait (429, Retry-After); the owner elsewhere still logs in', async () => {
    for (let i = 0; i < LOGIN_RULES.accountClient.free; i += 1) expect((await login('203.0.113.9', 'owner@mana.test', 'guess')).status).toBe(401);
    const refused = await login('203.0.113.9', 'owner@mana.test', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(errorBody.parse(await refused.json()).error.code).toBe('RATE_LIMITED');
    expect((await login('198.51.100.7', 'owner@mana.test', PASSWORD)).status).toBe(200);
    frozen = new Date(frozen.getTime() + 1000);
    expect((await login('203.0.113.9', 'owner@mana.test', PASSWORD)).status).toBe(200);
  });

  it('guessing from many addresses delays the owner by at most 60 s, never a lock-out', async () => {
    for (let i = 0; i < LOGIN_RULES.account.free; i += 1) expect((await login(`10.1.0.${i}`, 'owner@mana.test', 'guess')).status).toBe(401);
    const owner = await login('198.51.100.7', 'owner@mana.test', PASSWORD);
    expect(owner.status).toBe(429);
    expect(Number(owner.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    frozen = new Date(frozen.getTime() + 60_000);
    expect((await login('198.51.100.7', 'owner@mana.test', PASSWORD)).status).toBe(200);
  });

  it('an unknown e-mail is throttled exactly like a known one', async () => {
    for (let i = 0; i < LOGIN_RULES.accountClient.free; i += 1) expect((await login('203.0.113.50', 'ghost@mana.test', 'guess')).status).toBe(401);
    expect((await login('203.0.113.50', 'ghost@mana.test', 'guess')).status).toBe(429);
  });
});

describe('login is JSON only from a trusted Origin', () => {
  const raw = (headers: Record<string, string>, body = JSON.stringify({ email: 'owner@mana.test', password: PASSWORD })) =>
    h.request('/api/v1/auth/login', { method: 'POST', headers, body });

  it('refuses text/plain and form bodies (a web page can send them without a preflight)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await raw(type ? { 'content-type': type } : {});
      expect(res.status, type).toBe(400);
      expect(errorBody.parse(await res.json()).error.message).toContain('application/json');
    }
  });

  it('refuses a foreign Origin with 403 and accepts a trusted one or none', async () => {
    // Outside production any loopback origin is trusted too (require-json-origin.test.ts); a host that only starts with "localhost" is not.
    for (const origin of ['https://evil.example', 'null', 'http://mana-auth.test.evil.example', 'http://localhost.evil.example:5173']) {
      const res = await raw({ 'content-type': 'application/json', origin });
      expect(res.status, origin).toBe(403);
      expect(errorBody.parse(await res.json()).error.code).toBe('FORBIDDEN');
    }
    expect((await raw({ 'content-type': 'application/json', origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await raw({ 'content-type': 'application/json; charset=utf-8', origin: 'http://mana-auth.test' })).status).toBe(200);
    expect((await raw({ 'content-type': 'application/json' })).status).toBe(200);
  });
});

describe('sign-up abuse', () => {
  const users = async () => (await h.database.query<{ n: number }>('select count(*)::int as n from users'))[0].n;
  const signUp = (address: string, email: string, name = 'Someone') =>
    from(h.app, address, '/api/auth/sign-up/email', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD, name }) });

  it('limits sign-ups per address (429 with Retry-After beyond config.signUpsPerHour), other addresses unaffected', async () => {
    for (let i = 0; i < 3; i += 1) expect((await signUp('203.0.113.77', `bulk${i}@mana.test`)).status).toBe(200);
    const before = await users();
    const refused = await signUp('203.0.113.77', 'bulk3@mana.test');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await users()).toBe(before);
    expect((await signUp('203.0.113.78', 'other@mana.test')).status).toBe(200);
  });

  it('counts an IPv6 client by its /64: rotating through its addresses does not mint more users (issue 24 §2)', async () => {
    for (let i = 1; i <= 3; i += 1) expect((await signUp(`2001:db8:5:6::${i}`, `v6-${i}@mana.test`)).status).toBe(200);
    expect((await signUp('2001:db8:5:6:ffff::9', 'v6-4@mana.test')).status).toBe(429);
    expect((await signUp('2001:db8:5:7::1', 'v6-5@mana.test')).status).toBe(200);
  });

  it('refuses a 60,000-character display name (and one PostgreSQL cannot store) with 400, writing nothing', async () => {
    const before = await users();
    for (const [i, name] of ['x'.repeat(60_000), 'y'.repeat(101), 'nul\u0000name'].entries()) {
      const res = await createApp(h.ctx).request('/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `long${i}@mana.test`, password: PASSWORD, name }),
      });
      expect(res.status, name.slice(0, 10)).toBe(400);
    }
    expect(await users()).toBe(before);
    expect(
      (
        await createApp(h.ctx).request('/api/auth/sign-up/email', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'fine@mana.test', password: PASSWORD, name: 'z'.repeat(100) }),
        })
      ).status,
    ).toBe(200);
  });
});
