import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, loginResponse } from '@mana/contracts';
import { errorResponse } from '@mana/core';
import { createApp } from '../app';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { requireAdmin, type AdminVariables } from './require-admin';

let h: AuthHarness;
let guarded: Hono<{ Variables: AdminVariables }>;
const PASSWORD = 'correct-horse-battery-staple';

beforeAll(async () => {
  h = await createAuthHarness();
  guarded = new Hono<{ Variables: AdminVariables }>();
  guarded.use('*', requireAdmin(h.ctx));
  guarded.onError((error, c) => errorResponse(c, error));
  guarded.get('/secret', (c) => c.json({ admin: c.get('adminUser') }));
});
afterAll(async () => {
  await h?.close();
});

const call = (authorization?: string) => guarded.request('/secret', { headers: authorization ? { authorization } : {} });

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(errorBody.parse(await res.json()).error.code).toBe(code);
}

describe('requireAdmin', () => {
  it('answers 401 without a token or with a bad one', async () => {
    await expectError(await call(), 401, 'UNAUTHORIZED');
    await expectError(await call('Basic abc'), 401, 'UNAUTHORIZED');
    await expectError(await call('Bearer not-a-session'), 401, 'UNAUTHORIZED');
    await expectError(await call('Bearer aaa.bbb.ccc'), 401, 'UNAUTHORIZED');
  });

  it('answers 403 to a signed-in user who is not an admin', async () => {
    await h.signUp('plain@mana.test', PASSWORD);
    const { accessToken } = await h.login('plain@mana.test', PASSWORD);
    await expectError(await call(`Bearer ${accessToken}`), 403, 'FORBIDDEN');
  });

  it('lets an admin through with a JWT and puts the admin on the context', async () => {
    const login = await h.admin('boss@mana.test');
    const res = await call(`Bearer ${login.accessToken}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ admin: { id: login.user.id, email: 'boss@mana.test', kind: 'human', role: 'admin' } });
  });

  it("refuses an admin's Better Auth session token (401): a sign-in session and the login's refresh token are not admin credentials (issue 24 §2)", async () => {
    const { refreshToken, accessToken } = await h.admin('boss2@mana.test');
    const res = await h.request('/api/auth/sign-in/email', { json: { email: 'boss2@mana.test', password: 'admin-password-for-tests' } });
    const { token } = (await res.json()) as { token: string };
    for (const session of [token, refreshToken]) {
      await expectError(await call(`Bearer ${session}`), 401, 'UNAUTHORIZED');
      await expectError(await h.request('/api/v1/admin/personas', { headers: { authorization: `Bearer ${session}` } }), 401, 'UNAUTHORIZED');
    }
    expect((await h.request('/api/v1/admin/personas', { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
  });

  it('answers 401 to an admin JWT that has expired', async () => {
    await h.admin('late@mana.test');
    const past = createApp({ ...h.ctx, now: () => new Date(Date.now() - 60 * 60 * 1000) });
    const res = await past.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@mana.test', password: 'admin-password-for-tests' }),
    });
    const { accessToken } = loginResponse.parse(await res.json());
    await expectError(await call(`Bearer ${accessToken}`), 401, 'UNAUTHORIZED');
  });

  it('reads the role fresh: a demoted admin is refused with a still-valid JWT', async () => {
    const login = await h.admin('former@mana.test');
    expect((await call(`Bearer ${login.accessToken}`)).status).toBe(200);
    await h.database.query("update users set role = 'user' where id = $1", [login.user.id]);
    await expectError(await call(`Bearer ${login.accessToken}`), 403, 'FORBIDDEN');
  });
});
