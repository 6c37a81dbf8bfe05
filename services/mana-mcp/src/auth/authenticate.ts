import { AppError } from '@mana/core';
import type { TokenVerifier } from './jwt-verifier';

/** The caller of one MCP request: a verified user acting in one of their spaces. */
export interface Principal {
  userId: string;
  /** The token's e-mail claim: a name of the caller that is the same on every database (fault dice). */
  email?: string;
  spaceId: string;
  /** IANA zone from `X-Mana-Time-Zone` (default `UTC`); the tools' "today" is the local date there. */
  timeZone: string;
}

const SPACE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Reads the two headers every `/mcp` request carries and verifies the token:
 * `Authorization: Bearer <JWT>` (401 when missing or invalid, expired included)
 * and `X-Mana-Space` (400 when missing), plus the optional `X-Mana-Time-Zone`
 * (an IANA zone, 400 when unknown, `UTC` when absent). Membership is read apart,
 * in the statement that opens or resumes the session.
 */
export async function authenticate(verifier: TokenVerifier, headers: { authorization?: string; space?: string; timeZone?: string }): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '');
  if (!match) throw new AppError('UNAUTHORIZED', 'Missing bearer token: send "Authorization: Bearer <JWT>" from mana-auth');
  const { userId, email } = await verifier.verify(match[1]!);
  const spaceId = headers.space?.trim();
  if (!spaceId) throw new AppError('VALIDATION', 'Missing X-Mana-Space header: name the space (id) to work in');
  return { userId, email, spaceId, timeZone: parseTimeZone(headers.timeZone) };
}

/** Zone names already canonicalised (building an Intl formatter per request cost ~5% of a tick). */
const canonicalZones = new Map<string, string>();
/** Only valid names are kept, so the map is bounded by the zones Intl knows (and their spellings). */
const MAX_CACHED_ZONES = 2000;

/** The IANA zone named in `X-Mana-Time-Zone`, canonicalised by Intl; `UTC` when absent. */
function parseTimeZone(header: string | undefined): string {
  const name = header?.trim();
  if (!name) return 'UTC';
  const cached = canonicalZones.get(name);
  if (cached) return cached;
  let zone: string;
  try {
    zone = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new AppError('VALIDATION', `Invalid X-Mana-Time-Zone header "${name.slice(0, 64)}": name an IANA time zone such as Europe/Berlin`);
  }
  if (canonicalZones.size < MAX_CACHED_ZONES) canonicalZones.set(name, zone);
  return zone;
}

/** 403 for a space id no space can have (checked before any query; membership is read when a session opens or resumes). */
export function assertSpaceIdShape(principal: Principal): void {
  if (!SPACE_ID.test(principal.spaceId)) throw notMember();
}

/** The one answer for a space the caller may not use, whether it exists or not. */
export function notMember(): AppError {
  return new AppError('FORBIDDEN', 'You are not a member of the space named in X-Mana-Space');
}
