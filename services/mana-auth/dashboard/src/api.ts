/** The admin session in session storage: the JWT from `/api/v1/auth/login` and, when the server gives one, a refresh token. */
export interface Session {
  accessToken: string;
  expiresAt: string;
  refreshToken?: string;
  email: string;
}

const KEY = 'manaAdminSession';
const listeners = new Set<(session: Session | null) => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const session = raw ? (JSON.parse(raw) as Session) : null;
    return session && new Date(session.expiresAt).getTime() > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export const getSession = (): Session | null => current;

/** Stores (or clears) the session and tells every subscriber. */
export function setSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener(session);
}

export function onSession(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An answer of the API that is not 2xx, with our `{error: {code, message}}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiError(res.status, body?.error?.code ?? 'INTERNAL', body?.error?.message ?? `${res.status} ${res.statusText}`);
}

/** GET an admin API path with the session's JWT; a 401 ends the session. */
export async function api<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${current?.accessToken ?? ''}` }, signal });
  if (res.status === 401) setSession(null);
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

interface LoginAnswer {
  accessToken: string;
  expiresAt: string;
  refreshToken?: string;
  user: { email: string };
}

async function post(path: string, body: unknown): Promise<LoginAnswer> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as LoginAnswer;
}

const toSession = (answer: LoginAnswer, email: string): Session => ({
  accessToken: answer.accessToken,
  expiresAt: answer.expiresAt,
  ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
  email: answer.user?.email ?? email,
});

/** Signs in and checks the admin role with one admin call (403 = signed in, but not an admin). */
export async function signIn(email: string, password: string): Promise<Session> {
  const session = toSession(await post('/api/v1/auth/login', { email, password }), email);
  const res = await fetch('/api/v1/admin/overview?days=1', { headers: { authorization: `Bearer ${session.accessToken}` } });
  if (!res.ok) throw await errorOf(res);
  setSession(session);
  return session;
}

/** Exchanges the refresh token for a new JWT (the server's `POST /api/v1/auth/refresh`). */
export async function refresh(session: Session): Promise<Session> {
  const next = toSession(await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken }), session.email);
  setSession(next);
  return next;
}
