import { createLocalJWKSet, generateKeyPair, jwtVerify, SignJWT, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, JWT_AUDIENCE, loginResponse } from '@mana/contracts';
import { createApp } from '../app';
import { createAuthHarness, type AuthHarness } from '../testing/harness';
import { INVALID_CREDENTIALS } from './login';

let h: AuthHarness;
let jwks: ReturnType<typeof createLocalJWKSet>;
const PASSWORD = 'correct-horse-battery-staple';

beforeAll(async () => {
  h = await createAuthHarness();
  await h.signUp('mira@mana.test', PASSWORD);
  await h.login('mira@mana.test', PASSWORD); // mints the signing key
  const res = await h.request('/api/auth/jwks');
  expect(res.status).toBe(200);
  jwks = createLocalJWKSet((await res.json()) as JSONWebKeySet);
});
afterAll(async () => {
  await h?.close();
});

const verify = (token: string) => jwtVerify(token, jwks, { audience: JWT_AUDIENCE, issuer: h.config.baseUrl });

describe('POST /api/v1/auth/login', () => {
  it('returns a JWT (audience mana, ≤ 15 min) that verifies against the JWKS', async () => {
    const res = await h.request('/api/v1/auth/login', { json: { email: 'mira@mana.test', password: PASSWORD } });
    expect(res.status).toBe(200);
    const body = loginResponse.parse(await res.json());
    const { payload } = await verify(body.accessToken);
    expect(payload).toMatchObject({ sub: body.user.id, email: 'mira@mana.test', kind: 'human', aud: JWT_AUDIENCE });
    const lifetime = (payload.exp ?? 0) - (payload.iat ?? 0);
    expect(lifetime).toBe(h.config.jwtTtlSeconds);
    expect(lifetime).toBeLessThanOrEqual(15 * 60);
    expect(new Date(body.expiresAt).getTime()).toBe((payload.exp ?? 0) * 1000);
    const [space] = await h.database.query<{ id: string }>('select id from organizations where personal_owner_id = $1', [body.user.id]);
    expect(body.personalSpaceId).toBe(space?.id);
  });

  it('keeps exactly one session, the refresh token, dated REFRESH_TOKEN_TTL_SECONDS on our clock', async () => {
    const count = async () => Number((await h.database.query<{ n: number }>('select count(*)::int as n from sessions'))[0]?.n);
    const before = await count();
    const loginStarted = Date.now();
    const body = await h.login('mira@mana.test', PASSWORD);
    const loginEnded = Date.now();
    expect(await count()).toBe(before + 1);
    const [session] = await h.database.query<{ expires_at: Date }>('select expires_at from sessions where token = $1', [body.refreshToken]);
    expect(new Date(session.expires_at).toISOString()).toBe(body.refreshExpiresAt);
    // Dated at the login (the harness's clock is the wall clock): between its start and its end, plus the TTL, however slow the machine.
    const expires = Date.parse(body.refreshExpiresAt);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(loginStarted / 1000) * 1000 + h.config.refreshTtlSeconds * 1000);
    expect(expires).toBeLessThanOrEqual(loginEnded + h.config.refreshTtlSeconds * 1000);
  });

  it('answers a wrong password and an unknown e-mail identically with 401', async () => {
    const wrong = await h.request('/api/v1/auth/login', { json: { email: 'mira@mana.test', password: 'wrong-password' } });
    const unknown = await h.request('/api/v1/auth/login', { json: { email: 'nobody@mana.test', password: 'wrong-password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [errorBody.parse(await wrong.json()), errorBody.parse(await unknown.json())];
    expect(a).toEqual(b);
    expect(a.error).toEqual({ code: 'UNAUTHORIZED', message: INVALID_CREDENTIALS });
  });

  it('refuses an unknown field (strict contract) with 400', async () => {
    const res = await h.request('/api/v1/auth/login', { json: { email: 'mira@mana.test', password: PASSWORD, kind: 'system' } });
    expect(res.status).toBe(400);
  });
});

describe('tokens that must not verify', () => {
  it('rejects an expired token', async () => {
    const past = createApp({ ...h.ctx, now: () => new Date(Date.now() - 2 * 60 * 60 * 1000) });
    const res = await past.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'mira@mana.test', password: PASSWORD }),
    });
    const { accessToken } = loginResponse.parse(await res.json());
    await expect(verify(accessToken)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('rejects a token signed by a foreign key, even one claiming our key id', async () => {
    const { accessToken } = await h.login('mira@mana.test', PASSWORD);
    const { kid, alg } = decodeProtectedHeader(accessToken);
    const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ email: 'mira@mana.test', kind: 'system' })
      .setProtectedHeader({ alg: alg ?? 'EdDSA', kid })
      .setSubject('someone')
      .setAudience(JWT_AUDIENCE)
      .setIssuer(h.config.baseUrl)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(foreign.privateKey);
    await expect(verify(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('rejects a genuine token for another audience', async () => {
    const { accessToken } = await h.login('mira@mana.test', PASSWORD);
    await expect(jwtVerify(accessToken, jwks, { audience: 'not-mana' })).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
  });
});
