import { errorOf } from './http';
import { endSession, getSession, renew } from './session';

const get = (path: string, signal?: AbortSignal) => fetch(path, { headers: { authorization: `Bearer ${getSession()?.accessToken ?? ''}` }, signal });

/**
 * GETs an admin API path with the session's JWT. A 401 (the JWT died early: a
 * laptop woke up, the server's clock is ahead) renews the session once and
 * retries; a second 401 ends the session, and the sign-in page says so.
 */
export async function api<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res = await get(path, signal);
  if (res.status === 401 && (await renew())) res = await get(path, signal);
  if (res.status === 401) endSession('expired');
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}
