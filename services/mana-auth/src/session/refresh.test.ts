import http from 'node:http';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, JWT_AUDIENCE, loginResponse } from '@mana/contracts';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { serveOnLoopback } from '../testing/serve-on-loopback';
import { INVALID_REFRESH_TOKEN } from './refresh';

let h: AuthHarness;
let offsetMs = 0;
const PASSWORD = 'correct-horse-battery-staple';

beforeAll(async () => {
  h = await createAuthHarness({ now: () => new Date(Date.now() + offsetMs) });
});
afterAll(async () => {
  await h?.close();
});

const refresh = (refreshToken: unknown) => h.request('/api/v1/auth/refresh', { json: { refreshToken } });
const sessionCount = async () => Number((await h.database.query<{ n: number }>('select count(*)::int as n from sessions'))[0]?.n);

describe('POST /api/v1/auth/refresh', () => {
  it('issues a new JWT for the refresh token, without the password, for the same user and space', async () => {
    await h.signUp('rosa@mana.test', PASSWORD);
    const first = await h.login('rosa@mana.test', PASSWORD);
    offsetMs = 60_000; // a later iat: a different token
    const res = await refresh(first.refreshToken);
    offsetMs = 0;
    expect(res.status).toBe(200);
    const renewed = loginResponse.parse(await res.json());
    expect(renewed.accessToken).not.toBe(first.accessToken);
    expect(renewed).toMatchObject({ user: first.user, personalSpaceId: first.personalSpaceId, refreshToken: first.refreshToken, refreshExpiresAt: first.refreshExpiresAt });
    const jwks = createLocalJWKSet((await (await h.request('/api/auth/jwks')).json()) as JSONWebKeySet);
    const { payload } = await jwtVerify(renewed.accessToken, jwks, { audience: JWT_AUDIENCE, issuer: h.config.baseUrl, currentDate: new Date(Date.now() + 60_000) });
    expect(payload).toMatchObject({ sub: first.user.id, email: 'rosa@mana.test', kind: 'human' });
    expect(new Date(renewed.expiresAt).getTime()).toBe((payload.exp ?? 0) * 1000);
  });

  it('refuses a token whose session was revoked (sign-out with it), and writes nothing', async () => {
    await h.signUp('sven@mana.test', PASSWORD);
    const { refreshToken } = await h.login('sven@mana.test', PASSWORD);
    const out = await h.request('/api/auth/sign-out', { method: 'POST', headers: { authorization: `Bearer ${refreshToken}` } });
    expect(out.status).toBe(200);
    const before = await sessionCount();
    const res = await refresh(refreshToken);
    expect(res.status).toBe(401);
    expect(errorBody.parse(await res.json()).error).toEqual({ code: 'UNAUTHORIZED', message: INVALID_REFRESH_TOKEN });
    expect(await sessionCount()).toBe(before);
  });

  it("the README's sign-out revokes the session: the request shape of its curl, and without Content-Type 415 revokes nothing (issue 24 §5)", async () => {
    await h.signUp('ulla@mana.test', PASSWORD);
    const { refreshToken } = await h.login('ulla@mana.test', PASSWORD);
    // curl -s -X POST http://127.0.0.1:3001/api/auth/sign-out -H 'content-type: application/json' -H "authorization: Bearer $REFRESH" -d '{}'
    const out = await h.app.request('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${refreshToken}` }, body: '{}' });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ success: true });
    expect((await refresh(refreshToken)).status).toBe(401);

    // The example as it was (no Content-Type; curl -X POST sends no body) over a socket: 415, and the session lives on.
    const kept = (await h.login('ulla@mana.test', PASSWORD)).refreshToken;
    const server = await serveOnLoopback(h.app);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${kept}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(415);
    } finally {
      await server.close();
    }
    expect((await refresh(kept)).status).toBe(200);
  });

  it('refuses a token after REFRESH_TOKEN_TTL_SECONDS on the services clock', async () => {
    await h.signUp('tara@mana.test', PASSWORD);
    const { refreshToken } = await h.login('tara@mana.test', PASSWORD);
    offsetMs = (h.config.refreshTtlSeconds - 60) * 1000;
    expect((await refresh(refreshToken)).status).toBe(200);
    offsetMs = (h.config.refreshTtlSeconds + 1) * 1000;
    expect((await refresh(refreshToken)).status).toBe(401);
    offsetMs = 0;
  });

  it('stops working when the user is deleted or banned', async () => {
    const { userId: gone } = await h.signUp('gone@mana.test', PASSWORD);
    const goneToken = (await h.login('gone@mana.test', PASSWORD)).refreshToken;
    await h.database.query('delete from users where id = $1', [gone]);
    expect((await refresh(goneToken)).status).toBe(401);

    const { userId: banned } = await h.signUp('banned@mana.test', PASSWORD);
    const bannedToken = (await h.login('banned@mana.test', PASSWORD)).refreshToken;
    await h.database.query('update users set banned = true where id = $1', [banned]);
    const res = await refresh(bannedToken);
    expect(res.status).toBe(403);
    expect(errorBody.parse(await res.json()).error.code).toBe('FORBIDDEN');
  });

  it('refuses an unknown token with 401 and a malformed body with 400', async () => {
    expect((await refresh('not-a-session-token')).status).toBe(401);
    expect((await refresh('')).status).toBe(400);
    expect((await h.request('/api/v1/auth/refresh', { json: { refreshToken: 'x', password: 'y' } })).status).toBe(400);
  });

  it('refuses a token holding NUL or a lone surrogate with 400 VALIDATION, not 500, and writes nothing (issue 24 §3)', async () => {
    const before = await sessionCount();
    for (const refreshToken of ['abc\u0000def', '\u0000', 'abc\ud800', '\udc00abc']) {
      const res = await refresh(refreshToken);
      expect(res.status).toBe(400);
      expect(errorBody.parse(await res.json()).error.code).toBe('VALIDATION');
    }
    expect(await sessionCount()).toBe(before);
  });
});
