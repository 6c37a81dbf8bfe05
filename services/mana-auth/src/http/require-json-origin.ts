import type { MiddlewareHandler } from 'hono';
import { AppError } from '@mana/core';

/**
 * Guards credential endpoints against cross-site requests: a POST must be
 * `application/json` (a web page can send `text/plain` or a form without a
 * preflight, never JSON) and an `Origin`, when the client sends one, must be
 * one of `allowedOrigins` (403 otherwise; browsers always send it on
 * cross-origin POSTs, servers such as the runner send none).
 */
export function requireJsonFromOrigin(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.toLowerCase()));
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin.toLowerCase())) throw new AppError('FORBIDDEN', `Origin ${origin.slice(0, 200)} is not allowed`);
    const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') throw new AppError('VALIDATION', 'This endpoint takes application/json only');
    return next();
  };
}
