import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { betterAuthTrustedOrigins } from './trusted-origins';

const password = 'correct-horse-battery-staple';
let dev: AuthHarness;
let production: AuthHarness;

beforeAll(async () => {
  // Better Auth's origin check on, as outside tests; the harness's base URL is http://mana-auth.test.
  dev = await createAuthHarness({ config: { originCheck: true } });
  production = await createAuthHarness({ config: { originCheck: true, env: 'production' } });
  for (const h of [dev, production]) await h.signUp('origin.user@mana.test', password);
});
afterAll(async () => {
  await dev?.close();
  await production?.close();
});

/** A browser sign-in on Better Auth's route: JSON body, the page's Origin, and a cookie (which is what makes Better Auth check the origin). */
const signIn = (h: AuthHarness, origin: string) =>
  h.request('/api/auth/sign-in/email', { json: { email: 'origin.user@mana.test', password }, headers: { origin, cookie: 'mana_theme=dark' } });

describe("Better Auth's trusted origins", () => {
  it('production trusts the configured origins only', () => {
    expect(betterAuthTrustedOrigins({ env: 'production', trustedOrigins: ['https://auth.example.com'] })).toEqual(['https://auth.example.com']);
  });

  it('outside production a sign-in from http://localhost:<port> and http://127.0.0.1:<port> succeeds; another origin is refused', async () => {
    for (const origin of ['http://mana-auth.test', 'http://localhost:3001', 'http://127.0.0.1:3001', 'http://127.0.0.1:5173']) {
      const res = await signIn(dev, origin);
      expect(res.status, `${origin}: ${await res.clone().text()}`).toBe(200);
      expect(((await res.json()) as { token?: string }).token).toEqual(expect.any(String));
    }
    for (const origin of ['http://evil.example', 'http://127.0.0.1.evil.example:3001']) expect((await signIn(dev, origin)).status).toBe(403);
  });

  it('production refuses a loopback origin it was not given', async () => {
    expect((await signIn(production, 'http://mana-auth.test')).status).toBe(200);
    for (const origin of ['http://localhost:3001', 'http://127.0.0.1:3001']) expect((await signIn(production, origin)).status).toBe(403);
  });
});
