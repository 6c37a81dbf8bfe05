import { eq } from 'drizzle-orm';
import { sessions } from '@mana/db';
import type { LoginResponse, UserKind } from '@mana/contracts';
import type { AuthContext } from '../deps';

/** The user an access token is issued to. */
export interface TokenUser {
  id: string;
  email: string;
  kind: UserKind;
}

/**
 * Signs a short-lived JWT (audience `mana`, our JWKS key) for `user` and
 * answers in the login shape, with the refresh token that renews it.
 * Login and refresh both end here, so the two answers cannot drift apart.
 * `signingKeyId`: the current signing key as the caller's statement read it
 * (`ctx.tokens.currentKeyId()`), so the cached key is used only while it is current.
 */
export async function issueAccessToken(
  ctx: Pick<AuthContext, 'tokens' | 'config' | 'now'>,
  input: { user: TokenUser; personalSpaceId: string; refreshToken: string; refreshExpiresAt: Date; signingKeyId: string | null },
): Promise<LoginResponse> {
  const iat = Math.floor(ctx.now().getTime() / 1000);
  const exp = iat + ctx.config.jwtTtlSeconds;
  const { user } = input;
  const token = await ctx.tokens.sign({ sub: user.id, email: user.email, kind: user.kind, iat, exp }, input.signingKeyId);
  return {
    accessToken: token,
    expiresAt: new Date(exp * 1000).toISOString(),
    refreshToken: input.refreshToken,
    refreshExpiresAt: input.refreshExpiresAt.toISOString(),
    user,
    personalSpaceId: input.personalSpaceId,
  };
}

/**
 * Dates the session a sign-in opened on our clock (Better Auth dates it on the
 * wall clock): the refresh token expires `refreshTtlSeconds` after the login as
 * the services see time, simulated or not. The same statement reads the current
 * signing key's id for `issueAccessToken`.
 */
export async function dateRefreshSession(
  ctx: Pick<AuthContext, 'database' | 'tokens' | 'config' | 'now'>,
  token: string,
): Promise<{ expiresAt: Date; signingKeyId: string | null }> {
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.refreshTtlSeconds * 1000);
  const [row] = await ctx.database.db.update(sessions).set({ expiresAt }).where(eq(sessions.token, token)).returning({ signingKeyId: ctx.tokens.currentKeyId() });
  return { expiresAt, signingKeyId: row?.signingKeyId ?? null };
}
