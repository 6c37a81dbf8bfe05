import { APIError } from 'better-auth/api';
import { AppError } from '@mana/core';
import { userKindSchema, type LoginRequest, type LoginResponse } from '@mana/contracts';
import type { AuthContext } from '../deps';
import { ensurePersonalSpace } from '../spaces/personal-space';

/** The one message for every wrong-credentials case, so it never hints whether the e-mail exists. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

/**
 * Logs a user in with e-mail and password and returns a short-lived JWT
 * (audience `mana`, signed with our JWKS key) for the other services, plus the
 * user's personal space (created here if an older account lacks one).
 * The Better Auth session that sign-in opens is revoked at once: callers of
 * this endpoint hold the JWT, never a session.
 */
export async function login(ctx: Pick<AuthContext, 'auth' | 'database' | 'config' | 'now'>, input: LoginRequest): Promise<LoginResponse> {
  const signedIn = await signIn(ctx, input);
  const user = { id: signedIn.user.id, email: signedIn.user.email, kind: userKindSchema.parse(signedIn.user.kind ?? 'human') };
  const space = await ensurePersonalSpace(ctx.database.db, user);
  const iat = Math.floor(ctx.now().getTime() / 1000);
  const exp = iat + ctx.config.jwtTtlSeconds;
  const { token } = await ctx.auth.api.signJWT({ body: { payload: { sub: user.id, email: user.email, kind: user.kind, iat, exp } } });
  const authContext = await ctx.auth.$context;
  await authContext.internalAdapter.deleteSession(signedIn.token);
  return { accessToken: token, expiresAt: new Date(exp * 1000).toISOString(), user, personalSpaceId: space.id };
}

async function signIn(ctx: Pick<AuthContext, 'auth'>, input: LoginRequest) {
  try {
    return await ctx.auth.api.signInEmail({ body: { email: input.email, password: input.password } });
  } catch (error) {
    if (error instanceof APIError && (error.statusCode === 401 || error.statusCode === 400)) {
      throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS);
    }
    if (error instanceof APIError && error.statusCode === 403) throw new AppError('FORBIDDEN', error.message || 'Account is not allowed to log in');
    throw error;
  }
}
