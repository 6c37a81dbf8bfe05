import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The address a request came from, for per-client limits: the right-most
 * value of `header` when one is configured (the address the trusted proxy saw;
 * `AUTH_CLIENT_IP_HEADER`, e.g. `x-forwarded-for`), else the socket's peer.
 * Undefined for in-process calls (`app.request()`), which have no socket.
 */
export function clientAddress(c: Context, header?: string): string | undefined {
  if (header) {
    const forwarded = c.req.header(header)?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
