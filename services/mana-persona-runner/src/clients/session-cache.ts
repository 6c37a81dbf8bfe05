import { derivePersonaPassword } from '@mana/core';
import type { LoginResponse } from '@mana/contracts';

/** What a persona's MCP session needs from its login. */
export interface PersonaSession {
  userId: string;
  spaceId: string;
  accessToken: string;
  expiresAt: Date;
}

export interface SessionCacheOptions {
  personaSeedSecret: string;
  login: (credentials: { email: string; password: string }) => Promise<LoginResponse>;
  now?: () => Date;
  /**
   * Re-issue this long before expiry, so a token never runs out mid-session
   * (capped at a quarter of the token's lifetime for very short tokens).
   */
  refreshMarginMs?: number;
}

/** Logs personas in with their derived password and caches the JWT per persona. */
export interface SessionCache {
  get(email: string): Promise<PersonaSession>;
  invalidate(email: string): void;
  size(): number;
}

/**
 * JWTs are cached between ticks (not a login per tick) and re-issued shortly before
 * they expire; concurrent requests for one persona share one login.
 */
export function createSessionCache(options: SessionCacheOptions): SessionCache {
  const now = options.now ?? (() => new Date());
  const margin = options.refreshMarginMs ?? 120_000;
  const sessions = new Map<string, { session: PersonaSession; issuedAt: number }>();
  const pending = new Map<string, Promise<PersonaSession>>();

  const fresh = (entry: { session: PersonaSession; issuedAt: number }) => {
    const expires = entry.session.expiresAt.getTime();
    const lifetimeQuarter = Math.max(0, (expires - entry.issuedAt) / 4);
    return expires - now().getTime() > Math.min(margin, lifetimeQuarter);
  };

  const issue = async (key: string, email: string) => {
    const issuedAt = now().getTime();
    const answer = await options.login({ email, password: derivePersonaPassword(options.personaSeedSecret, email) });
    const session = { userId: answer.user.id, spaceId: answer.personalSpaceId, accessToken: answer.accessToken, expiresAt: new Date(answer.expiresAt) };
    sessions.set(key, { session, issuedAt });
    return session;
  };

  return {
    get(email) {
      const key = email.trim().toLowerCase();
      const cached = sessions.get(key);
      if (cached && fresh(cached)) return Promise.resolve(cached.session);
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      const promise = issue(key, email).finally(() => pending.delete(key));
      pending.set(key, promise);
      return promise;
    },
    invalidate: (email) => void sessions.delete(email.trim().toLowerCase()),
    size: () => sessions.size,
  };
}
