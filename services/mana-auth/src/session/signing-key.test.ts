import { eq } from 'drizzle-orm';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwks } from '@mana/db';
import { JWT_AUDIENCE, loginResponse } from '@mana/contracts';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

let h: AuthHarness;
const PASSWORD = 'correct-horse-battery-staple';

beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(async () => {
  await h?.close();
});

const refresh = async (refreshToken: string) => {
  const res = await h.request('/api/v1/auth/refresh', { json: { refreshToken } });
  expect(res.status).toBe(200);
  return loginResponse.parse(await res.json()).accessToken;
};
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const keyIds = async () => (await h.database.db.select({ id: jwks.id }).from(jwks)).map((row) => row.id);
/** Verified against the JWKS mana-auth publishes now. */
const verify = async (token: string) => {
  const set = createLocalJWKSet((await (await h.request('/api/auth/jwks')).json()) as JSONWebKeySet);
  return jwtVerify(token, set, { audience: JWT_AUDIENCE, issuer: h.config.baseUrl });
};

// Guards the signing-key cache (session/signing-key.ts): the key is resolved once, not per token, and a
// rotation is seen by the very next token.
describe('access-token signing key', () => {
  it('signs every token with the same key after resolving it once', async () => {
    await h.signUp('kira@mana.test', PASSWORD);
    const { accessToken, refreshToken } = await h.login('kira@mana.test', PASSWORD);
    const resolved = h.ctx.tokens.resolutions();
    const renewed = [await refresh(refreshToken), await refresh(refreshToken), await refresh(refreshToken)];
    expect(h.ctx.tokens.resolutions()).toBe(resolved);
    expect(await keyIds()).toEqual([kidOf(accessToken)]);
    for (const token of renewed) {
      expect(kidOf(token)).toBe(kidOf(accessToken));
      expect((await verify(token)).payload).toMatchObject({ email: 'kira@mana.test' });
    }
  });

  it('signs with a newer key as soon as it is in the table', async () => {
    const { refreshToken } = await h.login('kira@mana.test', PASSWORD);
    const [old] = await keyIds();
    const [row] = await h.database.db.select().from(jwks);
    // A second key (another replica rotated): same material under a new id, created later.
    await h.database.db.insert(jwks).values({ ...row!, id: 'rotated-key', createdAt: new Date(Date.now() + 1_000) });
    const resolved = h.ctx.tokens.resolutions();
    const token = await refresh(refreshToken);
    expect(kidOf(token)).toBe('rotated-key');
    expect(h.ctx.tokens.resolutions()).toBe(resolved + 1);
    await verify(token);
    // Back to the old key when the new one expires: live keys only.
    await h.database.db
      .update(jwks)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(jwks.id, 'rotated-key'));
    expect(kidOf(await refresh(refreshToken))).toBe(old);
  });

  it('mints and uses a new key on the next login and refresh after the keys were deleted', async () => {
    const before = await h.login('kira@mana.test', PASSWORD);
    await h.database.db.delete(jwks);
    const login = await h.login('kira@mana.test', PASSWORD);
    const [minted] = await keyIds();
    expect(minted).toBeDefined();
    expect(kidOf(login.accessToken)).toBe(minted);
    expect(kidOf(login.accessToken)).not.toBe(kidOf(before.accessToken));
    await h.database.db.delete(jwks);
    const renewed = await refresh(login.refreshToken);
    const [mintedAgain] = await keyIds();
    expect(kidOf(renewed)).toBe(mintedAgain);
    expect(mintedAgain).not.toBe(minted);
    await verify(renewed);
  });
});
