import { AppError } from '@mana/core';

/** Host names that always mean "this machine". */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Which Origins and Hosts `/mcp` accepts (MCP_ALLOWED_ORIGINS, MCP_ALLOWED_HOSTS). */
export interface OriginPolicy {
  /** Exact origins (`https://app.example`) accepted besides loopback ones. */
  allowedOrigins: string[];
  /** Host names (without port) accepted; empty = any Host unless the server listens on loopback. */
  allowedHosts: string[];
  /** True when the server listens on a loopback address: then only loopback Host names pass by default. */
  loopbackOnly: boolean;
}

const hostName = (host: string) => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0] ?? '').toLowerCase();

/**
 * The MCP specification's guard against DNS rebinding: a browser page on a
 * foreign site (whose name may resolve to 127.0.0.1) sends its own `Origin`
 * and `Host`. A request whose Origin is neither a loopback origin nor listed,
 * or whose Host is not allowed, is refused with 403 before authentication.
 * Requests without Origin (servers, the runner, CLI clients) pass the Origin check.
 */
export function checkOrigin(policy: OriginPolicy, headers: { origin?: string | null; host?: string | null }): void {
  const { origin, host } = headers;
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
    if (!allowed) throw new AppError('FORBIDDEN', `Origin ${origin.slice(0, 200)} is not allowed (MCP_ALLOWED_ORIGINS)`);
  }
  if (host) {
    const name = hostName(host);
    const allowed = policy.allowedHosts.length > 0 ? policy.allowedHosts.includes(name) || LOOPBACK_HOSTS.has(name) : !policy.loopbackOnly || LOOPBACK_HOSTS.has(name);
    if (!allowed) throw new AppError('FORBIDDEN', `Host ${host.slice(0, 200)} is not allowed (MCP_ALLOWED_HOSTS)`);
  }
}
