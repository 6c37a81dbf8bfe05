import { derivePersonaPassword, isAppError } from '@mana/core';
import type { LoginResponse } from '@mana/contracts';

/** What a persona's MCP session needs from its login. */
export interface PersonaSession {
  userId: string;
  spaceId: string;
  accessToken: string;
  expiresAt: Date;
}

/** How an access token was obtained: a password login or a refresh-token renewal. */
export type IssueMethod = 'password' | 'refresh';

export interface SessionCacheOptions {
  personaSeedSecret: string;
  login: (credentials: { email: string; password: string }) => Promise<LoginResponse>;
  /** `POST /api/v1/auth/refresh`; without it every renewal is a password login. */
  refresh?: (refreshToken: string) => Promise<LoginResponse>;
  now?: () => Date;
  /**
   * Re-issue this long before expiry, so a token never runs out mid-session
   * (capped at a quarter of the token's lifetime for very short tokens).
   */
  refreshMarginMs?: number;
  /** Called once per token obtained (metrics). */
  onIssue?: (method: IssueMethod) => void;
}

/** Logs personas in with their derived password and caches the JWT per persona. */
export interface SessionCache {
  /**
   * The persona's JWT, from the cache while fresh. With `userId` (the claim's
   * persona) a login cached for another user of that e-mail — the persona was
   * deleted and created again — is dropped with its refresh token, and the new
   * user logs in by password: its old JWT would be refused by mana-mcp ("not a
   * member of the space") and cost the tick.
   */
  get(email: string, userId?: string): Promise<PersonaSession>;
  /** Drops the cached JWT (refused by a service); the refresh token is kept for the next one. */
  invalidate(email: string): void;
  size(): number;
}

interface Entry {
  /** Whose login this is (the refresh token's user, also after `invalidate`). */
  userId: string;
  session?: PersonaSession;
  issuedAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

/**
 * JWTs are cached between ticks and re-issued shortly before they expire, like a
 * real client: with the refresh token the last login handed out while it is
 * valid, by password only when there is none or mana-auth refused it (revoked,
 * expired, user banned). Refresh tokens live in memory: a restarted runner logs
 * in again. Concurrent requests for one persona share one renewal.
 */
export function createSessionCache(options: SessionCacheOptions): SessionCache {
  const now = options.now ?? (() => new Date());
  const margin = options.refreshMarginMs ?? 120_000;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<PersonaSession>>();

  const fresh = (entry: Entry): entry is Entry & { session: PersonaSession } => {
    if (!entry.session) return false;
    const expires = entry.session.expiresAt.getTime();
    const lifetimeQuarter = Math.max(0, (expires - entry.issuedAt) / 4);
    return expires - now().getTime() > Math.min(margin, lifetimeQuarter);
  };

  const renew = async (entry: Entry | undefined): Promise<LoginResponse | undefined> => {
    if (!options.refresh || !entry || entry.refreshExpiresAt - now().getTime() <= margin) return undefined;
    try {
      return await options.refresh(entry.refreshToken);
    } catch (error) {
      // Refused (revoked, expired, banned): fall back to the password. Anything else is an outage.
      if (isAppError(error) && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN')) return undefined;
      throw error;
    }
  };

  const issue = async (key: string, email: string) => {
    const issuedAt = now().getTime();
    const previous = entries.get(key);
    let answer = await renew(previous);
    if (answer) options.onIssue?.('refresh');
    else {
      entries.delete(key);
      answer = await options.login({ email, password: derivePersonaPassword(options.personaSeedSecret, email) });
      options.onIssue?.('password');
    }
    const session = { userId: answer.user.id, spaceId: answer.personalSpaceId, accessToken: answer.accessToken, expiresAt: new Date(answer.expiresAt) };
    entries.set(key, { userId: session.userId, session, issuedAt, refreshToken: answer.refreshToken, refreshExpiresAt: Date.parse(answer.refreshExpiresAt) });
    return session;
  };

  return {
    get(email, userId) {
      const key = email.trim().toLowerCase();
      if (userId !== undefined && entries.get(key)?.userId !== userId) entries.delete(key);
      const cached = entries.get(key);
      if (cached && fresh(cached)) return Promise.resolve(cached.session);
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      const promise = issue(key, email).finally(() => pending.delete(key));
      pending.set(key, promise);
      return promise;
    },
    invalidate(email) {
      const entry = entries.get(email.trim().toLowerCase());
      if (entry) entry.session = undefined;
    },
    size: () => [...entries.values()].filter((e) => e.session).length,
  };
}
