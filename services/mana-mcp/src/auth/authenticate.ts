import { AppError } from '@mana/core';
import type { Db } from '@mana/db';
import type { TokenVerifier } from './jwt-verifier';
import { isSpaceMember } from './space-membership';

/** The caller of one MCP request: a verified user acting in one of their spaces. */
export interface Principal {
  userId: string;
  spaceId: string;
}

const SPACE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Checks the two headers every `/mcp` request carries: `Authorization: Bearer
 * <JWT>` (401 when missing or invalid) and `X-Mana-Space` (400 when missing,
 * 403 unless the user is a member). Runs on every request, not only at
 * initialize, so a revoked membership or an expired token ends access at once.
 */
export async function authenticate(
  deps: { verifier: TokenVerifier; db: Db },
  headers: { authorization?: string; space?: string },
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '');
  if (!match) throw new AppError('UNAUTHORIZED', 'Missing bearer token: send "Authorization: Bearer <JWT>" from mana-auth');
  const { userId } = await deps.verifier.verify(match[1]!);
  const spaceId = headers.space?.trim();
  if (!spaceId) throw new AppError('VALIDATION', 'Missing X-Mana-Space header: name the space (id) to work in');
  if (!SPACE_ID.test(spaceId) || !(await isSpaceMember(deps.db, userId, spaceId))) {
    throw new AppError('FORBIDDEN', 'You are not a member of the space named in X-Mana-Space');
  }
  return { userId, spaceId };
}
