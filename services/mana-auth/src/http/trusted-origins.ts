import type { AuthConfig } from '../config';
import { isLoopbackOrigin } from './require-json-origin';

/**
 * The origins Better Auth's own routes (`/api/auth/*`: sign-up, sign-in,
 * sign-out) accept: the configured ones and, outside production, the request's
 * origin when it is a loopback one. That is the rule of `/api/v1/auth/login`
 * (`requireJsonFromOrigin`), so `http://127.0.0.1:<port>` (what the start-up
 * line prints) works as well as `http://localhost:<port>` (the default base URL).
 */
export function betterAuthTrustedOrigins(config: Pick<AuthConfig, 'env' | 'trustedOrigins'>): string[] | ((request?: Request) => string[]) {
  if (config.env === 'production') return config.trustedOrigins;
  return (request) => {
    const origin = request?.headers.get('origin');
    return origin && isLoopbackOrigin(origin) ? [...config.trustedOrigins, origin] : config.trustedOrigins;
  };
}
