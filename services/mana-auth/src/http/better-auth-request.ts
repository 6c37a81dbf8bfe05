import type { Context } from 'hono';
import { clientAddress } from './client-address';

/**
 * The header that carries the client address to Better Auth: its rate limiter,
 * the address it stores on a session and our password throttle
 * (session/password-throttle.ts) read it, and only mana-auth writes it.
 */
export const CLIENT_ADDRESS_HEADER = 'x-mana-client-address';

/**
 * The request Better Auth's handler sees: the client's, with
 * `CLIENT_ADDRESS_HEADER` set to the address our own limits count
 * (`clientAddress`: `AUTH_CLIENT_IP_HEADER`'s right-most value, else the
 * socket's peer) and any value the client sent for it dropped. Better Auth
 * would otherwise key its limits by the left-most `X-Forwarded-For`, which
 * the client writes. In-process calls (no socket) carry no address.
 */
export function betterAuthRequest(c: Context, clientIpHeader: string | undefined): Request {
  const headers = new Headers(c.req.raw.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  const address = clientAddress(c, clientIpHeader);
  if (address !== undefined) headers.set(CLIENT_ADDRESS_HEADER, address);
  // The body stream moves to the new request unread (method, URL and signal are copied).
  return new Request(c.req.raw, { headers });
}
