import type { LoginResponse } from '@mana/contracts';
import { ApiError, errorOf, postJson } from './http';

/** The admin session in session storage: the JWT, when it expires by this browser's clock, and the refresh token. */
export interface Session {
  accessToken: string;
  /** The JWT's lifetime counted from when it arrived here: a browser clock that differs from the server's neither ends the session early nor renews it in a loop. */
  expiresAt: string;
  refreshToken: string;
  email: string;
}

/** Why there is no session: never signed in, signed out here, or ended (the refresh token expired or was revoked). */
export type SessionEnd = 'none' | 'signed-out' | 'expired';

const KEY = 'manaAdminSession';
/** Renew this long before the JWT expires (at most half its lifetime). */
const RENEW_BEFORE_MS = 60_000;
/** After a failed renewal that was not a refusal (network, 5xx), try again this soon. */
const RETRY_MS = 15_000;

const listeners = new Set<(session: Session | null, ended: SessionEnd) => void>();
let current: Session | null = read();
let ended: SessionEnd = 'none';
let timer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<Session | null> | null = null;
schedule();

/** A stored session is kept while it has a refresh token, even with an expired JWT: the renewal runs at once. */
function read(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return session?.refreshToken && session.accessToken ? session : null;
  } catch {
    return null;
  }
}

export const getSession = (): Session | null => current;
export const sessionEnd = (): SessionEnd => ended;

export function onSession(listener: (session: Session | null, ended: SessionEnd) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function store(session: Session | null, end: SessionEnd = 'none'): void {
  current = session;
  ended = session ? 'none' : end;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  schedule();
  for (const listener of listeners) listener(session, ended);
}

/** Ends the session here (the sign-in page tells why). */
export function endSession(why: Exclude<SessionEnd, 'none'>): void {
  if (current) store(null, why);
}

function schedule(delayMs?: number): void {
  clearTimeout(timer);
  if (!current) return;
  const left = new Date(current.expiresAt).getTime() - Date.now();
  timer = setTimeout(() => void renew(), delayMs ?? Math.max(0, left - Math.min(RENEW_BEFORE_MS, left / 2)));
}

/** The JWT's lifetime from its own `iat` / `exp`, else from `expiresAt` by this clock. */
function lifetimeMs(answer: LoginResponse): number {
  try {
    const claims = JSON.parse(atob(answer.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown; exp?: unknown };
    if (typeof claims.iat === 'number' && typeof claims.exp === 'number' && claims.exp > claims.iat) return (claims.exp - claims.iat) * 1000;
  } catch {
    // Not a readable JWT: fall back to the server's expiry.
  }
  return Date.parse(answer.expiresAt) - Date.now();
}

const toSession = (answer: LoginResponse, email: string): Session => ({
  accessToken: answer.accessToken,
  expiresAt: new Date(Date.now() + lifetimeMs(answer)).toISOString(),
  refreshToken: answer.refreshToken,
  email: answer.user?.email ?? email,
});

/** Signs in and checks the admin role with one admin call (403 = signed in, but not an admin). */
export async function signIn(email: string, password: string): Promise<Session> {
  const session = toSession(await postJson<LoginResponse>('/api/v1/auth/login', { email, password }), email);
  const res = await fetch('/api/v1/admin/overview?days=1', { headers: { authorization: `Bearer ${session.accessToken}` } });
  if (!res.ok) throw await errorOf(res);
  store(session);
  return session;
}

/** Signs out here (the refresh token stays valid until it expires or is revoked). */
export const signOut = (): void => store(null, 'signed-out');

/**
 * Exchanges the refresh token for a new JWT (`POST /api/v1/auth/refresh`), one
 * exchange at a time. A refusal (expired or revoked) ends the session; a
 * network or server failure keeps it and tries again shortly. Resolves to the
 * renewed session, or null.
 */
export function renew(): Promise<Session | null> {
  const session = current;
  if (!session) return Promise.resolve(null);
  renewing ??= postJson<LoginResponse>('/api/v1/auth/refresh', { refreshToken: session.refreshToken })
    .then(
      (answer) => {
        store(toSession(answer, session.email));
        return current;
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status < 500) endSession('expired');
        else schedule(RETRY_MS);
        return null;
      },
    )
    .finally(() => {
      renewing = null;
    });
  return renewing;
}
