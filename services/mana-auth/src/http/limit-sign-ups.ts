import type { MiddlewareHandler } from 'hono';
import { AppError } from '@mana/core';
import type { AuthContext } from '../deps';
import { createBackoffLimiter } from '../session/backoff-limiter';
import { MAX_THROTTLE_KEYS } from '../session/login-throttle';
import { addressKey, clientAddress } from './client-address';

const HOUR = 3_600_000;

/**
 * Sign-ups per client address: `config.signUpsPerHour` pass, then each further
 * attempt waits (1 min doubling, at most an hour) — every attempt counts, so
 * one address cannot mint users (and their MCP session quotas) in bulk.
 * In-process calls without an address are not limited. Bounded memory.
 */
export function limitSignUps(ctx: Pick<AuthContext, 'config' | 'now'>): MiddlewareHandler {
  const limiter = createBackoffLimiter(
    { free: ctx.config.signUpsPerHour, baseMs: 60_000, maxMs: HOUR, forgetAfterMs: HOUR },
    { maxKeys: MAX_THROTTLE_KEYS, nowMs: () => ctx.now().getTime() },
  );
  return async (c, next) => {
    const address = clientAddress(c, ctx.config.clientIpHeader);
    if (address === undefined) return next();
    const client = addressKey(address);
    const waitMs = limiter.waitMs(client);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError('RATE_LIMITED', `Too many sign-ups from this address; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    limiter.fail(client);
    return next();
  };
}
