import type { MiddlewareHandler } from 'hono';
import { AppError, secretMatches } from '@mana/core';

/** Header carrying the shared secret of internal service calls. */
export const SERVICE_KEY_HEADER = 'x-service-key';

/** Middleware: lets a request through only with the right `X-Service-Key`; otherwise throws 401 (the app answers it as JSON). */
export function requireServiceKey(serviceKey: string): MiddlewareHandler {
  return async (c, next) => {
    // Constant time: `secretMatches` compares digests, so neither the content nor the length of the key leaks.
    if (!secretMatches(serviceKey, c.req.header(SERVICE_KEY_HEADER))) throw new AppError('UNAUTHORIZED', `Missing or wrong ${SERVICE_KEY_HEADER} header`);
    await next();
  };
}
