import type { MiddlewareHandler } from 'hono';
import { AppError } from '@mana/core';

/**
 * Guards credential endpoints against cross-site requests: a POST must be
 * `application/json` (a web page can send `text/plain` or a form without a
 * preflight, never JSON) and an `Origin`, when the client sends one, must be
 * one of `allowedOrigins` (403 otherwise; browsers always send it on
 * cross-origin POSTs, servers such as the runner send none). With
 * `allowLoopback` (development) any http(s) origin on a loopback host is
 * allowed too: the start-up line prints 127.0.0.1 URLs, a browser may use
 * localhost, and tests serve on a port chosen at run time.
 */
export function requireJsonFromOrigin(allowedOrigins: readonly string[], options: { allowLoopback?: boolean } = {}): MiddlewareHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.toLowerCase()));
  const isAllowed = (origin: string) => allowed.has(origin.toLowerCase()) || (options.allowLoopback === true && isLoopbackOrigin(origin));
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowed(origin)) throw new AppError('FORBIDDEN', `Origin ${origin.slice(0, 200)} is not allowed`);
    const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') throw new AppError('VALIDATION', 'This endpoint takes application/json only');
    return next();
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `http(s)://localhost|127.0.0.1|[::1](:port)`, nothing else (no path, no other host). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname) && url.origin === origin.toLowerCase();
  } catch {
    return false;
  }
}
