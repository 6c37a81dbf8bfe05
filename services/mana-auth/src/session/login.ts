import { APIError } from 'better-auth/api';
import { AppError } from '@mana/core';
import { userKindSchema, type LoginRequest, type LoginResponse } from '@mana/contracts';
import type { AuthContext } from '../deps';
import { ensurePersonalSpace } from '../spaces/personal-space';
import { dateRefreshSession, issueAccessToken } from './access-token';

/** The one message for every wrong-credentials case, so it never hints whether the e-mail exists. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

/**
 * Logs a user in with e-mail and password and returns a short-lived JWT
 * (audience `mana`, signed with our JWKS key) for the other services, the
 * user's personal space (created here if an older account lacks one), and a
 * refresh token: the Better Auth session that sign-in opened, kept for
 * `REFRESH_TOKEN_TTL_SECONDS`, so a client renews the JWT without the password
 * (`refresh.ts`) until the session expires or is revoked.
 */
export async function login(ctx: Pick<AuthContext, 'auth' | 'tokens' | 'database' | 'config' | 'now'>, input: LoginRequest): Promise<LoginResponse> {
  const signedIn = await signIn(ctx, input);
  const user = { id: signedIn.user.id, email: signedIn.user.email, kind: userKindSchema.parse(signedIn.user.kind ?? 'human') };
  const space = await ensurePersonalSpace(ctx.database.db, user);
  const { expiresAt: refreshExpiresAt, signingKeyId } = await dateRefreshSession(ctx, signedIn.token);
  return issueAccessToken(ctx, { user, personalSpaceId: space.id, refreshToken: signedIn.token, refreshExpiresAt, signingKeyId });
}

async function signIn(ctx: Pick<AuthContext, 'auth'>, input: LoginRequest) {
  try {
    return await ctx.auth.api.signInEmail({ body: { email: input.email, password: input.password } });
  } catch (error) {
    if (error instanceof APIError && (error.statusCode === 401 || error.statusCode === 400)) {
      throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS);
    }
    if (error instanceof APIError && error.statusCode === 403) throw new AppError('FORBIDDEN', error.message || 'Account is not allowed to log in');
    // The password gate's queue is full (session/password-gate.ts): the client retries after the estimate.
    if (error instanceof APIError && error.statusCode === 503) {
      throw new AppError('UNAVAILABLE', error.message, { retryAfterSeconds: Number(error.body?.retryAfterSeconds ?? 1) });
    }
    throw error;
  }
}
