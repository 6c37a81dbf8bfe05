import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Logger } from '../logger';
import { secretMatches } from '../secret-matches';

/** Shortest METRICS_TOKEN accepted: a scrape secret is no place for a password someone could guess. */
const MIN_METRICS_TOKEN_LENGTH = 16;

/** METRICS_TOKEN for each service's config schema (the same variable and rule in all three). */
export const metricsEnv = {
  /** When set, `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`; empty = unset. */
  METRICS_TOKEN: z
    .string()
    .trim()
    .refine((v) => v === '' || v.length >= MIN_METRICS_TOKEN_LENGTH, `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters (or unset)`)
    .optional(),
};

/** The parsed METRICS_TOKEN: undefined when unset or empty. */
export function metricsTokenOf(env: { METRICS_TOKEN?: string }): string | undefined {
  return env.METRICS_TOKEN || undefined;
}

export interface MetricsAccessOptions {
  /** METRICS_TOKEN; undefined leaves `/metrics` open. */
  token: string | undefined;
  /** NODE_ENV=production: an open `/metrics` is warned about once, when the app is built. */
  production: boolean;
  log: Logger;
}

/**
 * Middleware for `GET /metrics`: with a token, only `Authorization: Bearer
 * <token>` (compared in constant time) gets through; anything else is 401 JSON
 * with `WWW-Authenticate`, before a metric is collected. Without one it lets
 * every request through, and says so at start in production: the metrics show
 * the services' routes, request rates, users' session counts and spend.
 */
export function metricsAccess(options: MetricsAccessOptions): MiddlewareHandler {
  const { token } = options;
  if (!token) {
    if (options.production) options.log.warn('/metrics is open to anyone who reaches this port: set METRICS_TOKEN, or keep the port off the public network (docs/deploy.md)');
    return async (_c, next) => next();
  }
  return async (c, next) => {
    const header = c.req.header('authorization');
    const given = header?.match(/^Bearer +(\S+) *$/i)?.[1];
    if (!secretMatches(token, given)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.json({ error: { code: 'UNAUTHORIZED', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' } }, 401);
    }
    return next();
  };
}
