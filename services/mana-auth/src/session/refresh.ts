import { eq } from 'drizzle-orm';
import { AppError } from '@mana/core';
import { userKindSchema, type LoginResponse, type RefreshRequest } from '@mana/contracts';
import { organizations, sessions, users } from '@mana/db';
import type { AuthContext } from '../deps';
import { ensurePersonalSpace } from '../spaces/personal-space';
import { issueAccessToken } from './access-token';

/** The one message for an unknown, expired or revoked refresh token. */
export const INVALID_REFRESH_TOKEN = 'Refresh token is invalid, expired or revoked';

/**
 * Issues a new access JWT for a refresh token (the session a login kept), without
 * the password. One query reads session, user, personal space and the current
 * signing key's id. Refused when
 * the session is unknown or expired (revoking it, signing out, deleting the user
 * or banning it all delete the session row) and, belt and braces, while the user
 * is banned. The refresh token itself is returned unchanged: it lives until it
 * expires or is revoked.
 */
export async function refresh(ctx: Pick<AuthContext, 'tokens' | 'database' | 'config' | 'now'>, input: RefreshRequest): Promise<LoginResponse> {
  const [row] = await ctx.database.db
    .select({
      expiresAt: sessions.expiresAt,
      id: users.id,
      email: users.email,
      kind: users.kind,
      banned: users.banned,
      banExpires: users.banExpires,
      spaceId: organizations.id,
      signingKeyId: ctx.tokens.currentKeyId(),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organizations, eq(organizations.personalOwnerId, users.id))
    .where(eq(sessions.token, input.refreshToken))
    .limit(1);
  const now = ctx.now();
  if (!row || row.expiresAt.getTime() <= now.getTime()) throw new AppError('UNAUTHORIZED', INVALID_REFRESH_TOKEN);
  if (row.banned && (!row.banExpires || row.banExpires.getTime() > now.getTime())) throw new AppError('FORBIDDEN', 'Account is not allowed to log in');
  const user = { id: row.id, email: row.email, kind: userKindSchema.parse(row.kind) };
  const personalSpaceId = row.spaceId ?? (await ensurePersonalSpace(ctx.database.db, user)).id;
  return issueAccessToken(ctx, { user, personalSpaceId, refreshToken: input.refreshToken, refreshExpiresAt: row.expiresAt, signingKeyId: row.signingKeyId });
}
