import type { MiddlewareHandler } from 'hono';
import { AppError } from './errors';

/** Host names that always mean "this machine". */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Which Origins and Hosts an HTTP surface accepts (mana-mcp's `/mcp`: MCP_ALLOWED_ORIGINS, MCP_ALLOWED_HOSTS; the runner's `/diag/*`). */
export interface OriginPolicy {
  /** Exact origins (`https://app.example`) accepted besides loopback ones. */
  allowedOrigins: string[];
  /** Host names (without port) accepted; empty = any Host unless the server listens on loopback. */
  allowedHosts: string[];
  /** True when the server listens on a loopback address: then only loopback Host names pass by default. */
  loopbackOnly: boolean;
  /** The settings that widen the lists, named in the refusal (e.g. `MCP_ALLOWED_ORIGINS`); none when there are none. */
  settings?: { origins: string; hosts: string };
}

/** True for a listen address only this machine can reach (`HOST=127.0.0.1`, `localhost`, `::1`). */
export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

const hostName = (host: string) => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '')).toLowerCase();

/**
 * The MCP specification's guard against DNS rebinding: a browser page on a
 * foreign site (whose name may resolve to 127.0.0.1) sends its own `Origin`
 * and `Host`. A request whose Origin is neither a loopback origin nor listed,
 * or whose Host is not allowed, is refused with 403 before authentication.
 * Requests without Origin (servers, the runner, CLI clients) pass the Origin check.
 */
export function checkOrigin(policy: OriginPolicy, headers: { origin?: string | null; host?: string | null }): void {
  const { origin, host } = headers;
  const hint = (name: 'origins' | 'hosts') => (policy.settings ? ` (${policy.settings[name]})` : '');
  if (origin) {
    let allowed = policy.allowedOrigins.includes(origin.toLowerCase());
    if (!allowed) {
      try {
        const url = new URL(origin);
        allowed = (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
      } catch {
        allowed = false;
      }
    }
    if (!allowed) throw new AppError('FORBIDDEN', `Origin ${origin.slice(0, 200)} is not allowed${hint('origins')}`);
  }
  if (host) {
    const name = hostName(host);
    const allowed = policy.allowedHosts.length > 0 ? policy.allowedHosts.includes(name) || LOOPBACK_HOSTS.has(name) : !policy.loopbackOnly || LOOPBACK_HOSTS.has(name);
    if (!allowed) throw new AppError('FORBIDDEN', `Host ${host.slice(0, 200)} is not allowed${hint('hosts')}`);
  }
}

/**
 * `checkOrigin` as Hono middleware. With `jsonPosts` a POST must also be
 * `application/json` (400 otherwise): a web page can send `text/plain`, a
 * form or no body at all without a CORS preflight, never JSON.
 */
export function originGuard(policy: OriginPolicy, options: { jsonPosts?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    checkOrigin(policy, { origin: c.req.header('origin'), host: c.req.header('host') });
    if (options.jsonPosts && c.req.method === 'POST') {
      const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/json') throw new AppError('VALIDATION', 'This endpoint takes application/json only (Content-Type: application/json)');
    }
    return next();
  };
}
