import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createLogger } from '@mana/core';
import { errorBody, loginResponse } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { createApp, createAuthContext } from '../app';
import { CLIENT_ADDRESS_HEADER } from '../http/better-auth-request';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { createLoginThrottle, LOGIN_RULES } from './login-throttle';
import { PASSWORD_ENDPOINTS, TOO_MANY_FAILED_LOGINS } from './password-throttle';

/**
 * Regressions of issue 24 §2: Better Auth's own password endpoints were not
 * behind the login throttle (200 wrong guesses at `/api/auth/sign-in/email`,
 * 0 × 429), and in production its limiter counted per left-most
 * X-Forwarded-For, which the client writes.
 */
let h: AuthHarness;
/** The throttle's clock: it moves only when a test moves it, so no back-off wait passes on its own. */
let clock = new Date('2026-03-02T10:00:00Z');
const PASSWORD = 'correct-horse-battery-staple';
/** LOGIN_RULES with fewer free failures (each wrong guess costs a scrypt); the production rules are the same code. */
const RULES = {
  client: { ...LOGIN_RULES.client, free: 6 },
  accountClient: { ...LOGIN_RULES.accountClient, free: 4 },
  account: { ...LOGIN_RULES.account, free: 8 },
};
const throttle = () => createLoginThrottle(() => clock, { rules: RULES });

beforeAll(async () => {
  h = await createAuthHarness({ loginThrottle: throttle() });
});
afterAll(async () => h?.close());

/** Another mana-auth process on the same database (its own throttle and Better Auth limiter). */
function otherApp(config: Partial<AuthHarness['config']>): Hono {
  const log = createLogger('mana-auth', { level: 'silent' });
  return createApp(createAuthContext({ config: { ...h.config, ...config }, database: h.database, registry: manaRegistry, log, now: () => new Date(), loginThrottle: throttle() }));
}

/** A request as it arrives from the socket peer `address`. */
const from = (address: string, path: string, body: Record<string, string>, headers: Record<string, string> = {}, app: Hono = h.app) =>
  app.request(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
    { incoming: { socket: { remoteAddress: address } } },
  );
const signIn = (address: string, email: string, password: string, headers: Record<string, string> = {}, app?: Hono) =>
  from(address, '/api/auth/sign-in/email', { email, password }, headers, app);
const login = (address: string, email: string, password: string) => from(address, '/api/v1/auth/login', { email, password });

async function expectThrottled(res: Response) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(errorBody.parse(await res.json()).error.code).toBe('RATE_LIMITED');
}
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

describe("Better Auth's password endpoints are behind the login throttle", () => {
  it('wrong passwords at /api/auth/sign-in/email (JSON or form) from one address get 429 like our login; the owner elsewhere is not held up', async () => {
    await h.signUp('victim@mana.test', PASSWORD);
    const form = (password: string) =>
      h.app.request(
        '/api/auth/sign-in/email',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'victim@mana.test', password }) },
        { incoming: { socket: { remoteAddress: '203.0.113.10' } } },
      );
    for (let i = 0; i < RULES.accountClient.free; i += 1)
      expect((i % 2 ? await form(`guess${i}`) : await signIn('203.0.113.10', 'victim@mana.test', `guess${i}`)).status).toBe(401);
    const refused = await signIn('203.0.113.10', 'victim@mana.test', PASSWORD);
    await expectThrottled(refused);
    expect((await signIn('198.51.100.10', 'victim@mana.test', PASSWORD)).status).toBe(200);
    advance(1000);
    expect((await signIn('203.0.113.10', 'victim@mana.test', PASSWORD)).status).toBe(200);
  });

  it('guesses spread over /api/v1/auth/login and Better Auth sign-in share one budget', async () => {
    await h.signUp('shared@mana.test', PASSWORD);
    const half = RULES.accountClient.free / 2;
    for (let i = 0; i < half; i += 1) expect((await login('203.0.113.11', 'shared@mana.test', 'guess')).status).toBe(401);
    for (let i = 0; i < half; i += 1) expect((await signIn('203.0.113.11', 'shared@mana.test', 'guess')).status).toBe(401);
    await expectThrottled(await login('203.0.113.11', 'shared@mana.test', PASSWORD));
    await expectThrottled(await signIn('203.0.113.11', 'shared@mana.test', PASSWORD));
    advance(1000);
    expect((await login('203.0.113.11', 'shared@mana.test', PASSWORD)).status).toBe(200);
  });

  it('without AUTH_CLIENT_IP_HEADER a rotating X-Forwarded-For (or our own address header) does not reset the count', async () => {
    for (let i = 0; i < RULES.client.free; i += 1) {
      const spoofed = { 'x-forwarded-for': `10.9.0.${i}`, [CLIENT_ADDRESS_HEADER]: `10.8.0.${i}` };
      expect((await signIn('203.0.113.12', `ghost${i}@mana.test`, 'guess', spoofed)).status).toBe(401);
    }
    await expectThrottled(await signIn('203.0.113.12', 'ghost-next@mana.test', 'guess', { 'x-forwarded-for': '10.9.1.1' }));
    advance(1000);
  });

  it('with AUTH_CLIENT_IP_HEADER set, addresses behind the proxy are counted apart (right-most value; a prepended one changes nothing)', async () => {
    const proxied = otherApp({ clientIpHeader: 'x-forwarded-for' });
    await h.signUp('proxied@mana.test', PASSWORD);
    const via = (client: string, password: string) => signIn('10.0.0.1', 'proxied@mana.test', password, { 'x-forwarded-for': client }, proxied);
    for (let i = 0; i < RULES.accountClient.free; i += 1) expect((await via(`10.7.0.${i}, 198.51.100.21`, 'guess')).status).toBe(401);
    await expectThrottled(await via('198.51.100.21', PASSWORD));
    expect((await via('198.51.100.22', PASSWORD)).status).toBe(200);
  });

  it('Better Auth stores (and its limiter keys by) the address our throttle counts, never the client-written X-Forwarded-For', async () => {
    const spoofed = { 'x-forwarded-for': '1.2.3.4', [CLIENT_ADDRESS_HEADER]: '5.6.7.8' };
    const ipOf = async (res: Response) => {
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      return (await h.database.query<{ ip: string | null }>('select ip_address as ip from sessions where token = $1', [token]))[0]?.ip;
    };
    await h.signUp('seen@mana.test', PASSWORD);
    expect(await ipOf(await signIn('203.0.113.13', 'seen@mana.test', PASSWORD, spoofed))).toBe('203.0.113.13');
    const proxied = otherApp({ clientIpHeader: 'x-forwarded-for' });
    expect(await ipOf(await signIn('10.0.0.1', 'seen@mana.test', PASSWORD, { 'x-forwarded-for': '1.2.3.4, 198.51.100.23' }, proxied))).toBe('198.51.100.23');
  });

  it('wrong current passwords at change-password and verify-password count on the same budget as sign-in', async () => {
    await h.signUp('changer@mana.test', PASSWORD);
    const { refreshToken } = loginResponse.parse(await (await login('198.51.100.14', 'changer@mana.test', PASSWORD)).json());
    const bearer = { authorization: `Bearer ${refreshToken}` };
    const change = (currentPassword: string) => from('203.0.113.14', '/api/auth/change-password', { currentPassword, newPassword: 'a-brand-new-password' }, bearer);
    const verify = (password: string) => from('203.0.113.14', '/api/auth/verify-password', { password }, bearer);
    const half = RULES.accountClient.free / 2;
    for (let i = 0; i < half; i += 1) expect((await change('guess')).status).toBe(400);
    for (let i = 0; i < half; i += 1) expect((await verify('guess')).status).toBe(400);
    await expectThrottled(await change(PASSWORD));
    await expectThrottled(await signIn('203.0.113.14', 'changer@mana.test', PASSWORD));
    advance(1000);
    expect((await verify(PASSWORD)).status).toBe(200);
  });

  it('sign-up from an address that must wait is refused before any password is hashed, writing nothing', async () => {
    for (let i = 0; i < RULES.client.free; i += 1) expect((await signIn('203.0.113.15', `nobody${i}@mana.test`, 'guess')).status).toBe(401);
    const users = async () => (await h.database.query<{ n: number }>('select count(*)::int as n from users'))[0]?.n;
    const before = await users();
    await expectThrottled(await from('203.0.113.15', '/api/auth/sign-up/email', { email: 'newcomer@mana.test', password: PASSWORD, name: 'New' }));
    expect(await users()).toBe(before);
    advance(1000);
  });

  it("in production Better Auth's own limiter leaves password endpoints to ours (no 429 after its 3 sign-ins per 10 s; ours after the free guesses)", async () => {
    const production = otherApp({ env: 'production' });
    await h.signUp('prod@mana.test', PASSWORD);
    for (let i = 0; i < RULES.accountClient.free; i += 1) expect((await signIn('203.0.113.16', 'prod@mana.test', 'guess', {}, production)).status).toBe(401);
    const refused = await signIn('203.0.113.16', 'prod@mana.test', PASSWORD, {}, production);
    expect(refused.status).toBe(429);
    expect(errorBody.parse(await refused.json()).error.details).toEqual({ authCode: TOO_MANY_FAILED_LOGINS });
  });

  it('every Better Auth endpoint whose body carries a password to check is in PASSWORD_ENDPOINTS (a Better Auth upgrade that adds one fails here)', () => {
    // These take a new password only: an admin sets it, or a reset token (sent by e-mail) proves the owner.
    const newPasswordOnly = ['/admin/create-user', '/admin/set-user-password', '/reset-password'];
    const withPassword = Object.values(h.ctx.auth.api as Record<string, { path?: string; options?: { metadata?: { SERVER_ONLY?: boolean }; body?: { shape?: object } } }>)
      .filter((endpoint) => endpoint.path && !endpoint.options?.metadata?.SERVER_ONLY)
      .filter((endpoint) => Object.keys(endpoint.options?.body?.shape ?? {}).some((key) => /password/i.test(key)))
      .map((endpoint) => endpoint.path as string);
    expect(withPassword.length).toBeGreaterThan(3);
    for (const path of withPassword) expect(path in PASSWORD_ENDPOINTS || newPasswordOnly.includes(path), path).toBe(true);
  });
});
