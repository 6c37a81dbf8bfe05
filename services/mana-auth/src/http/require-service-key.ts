import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '@mana/core';
import { errorResponse } from './errors';

/** Header carrying the shared secret of internal service calls. */
export const SERVICE_KEY_HEADER = 'x-service-key';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * True when `given` equals `expected`, in time independent of where they
 * differ: both are hashed to equal-length digests before `timingSafeEqual`,
 * so neither the content nor the length of the key leaks.
 */
export function serviceKeyMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** Middleware: lets a request through only with the right `X-Service-Key`; otherwise 401 JSON. */
export function requireServiceKey(serviceKey: string): MiddlewareHandler {
  return async (c, next) => {
    if (!serviceKeyMatches(serviceKey, c.req.header(SERVICE_KEY_HEADER))) {
      return errorResponse(c, new AppError('UNAUTHORIZED', `Missing or wrong ${SERVICE_KEY_HEADER} header`));
    }
    await next();
  };
}
