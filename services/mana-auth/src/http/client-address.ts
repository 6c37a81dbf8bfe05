import { isIPv6 } from 'node:net';
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

/**
 * The key per-client limits count an address under (login throttle, sign-up
 * limit): an IPv4 address, and an IPv4-mapped IPv6 one, as the IPv4 address;
 * an IPv6 address by its /64 prefix, since one subscriber is usually handed a
 * whole /64 and could otherwise start afresh from each of its addresses
 * (Better Auth's limiter groups IPv6 the same way). Anything else as given.
 */
export function addressKey(address: string): string {
  const bare = address.split('%')[0] ?? address;
  if (!isIPv6(bare)) return address;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const [head = '', tail] = bare.toLowerCase().split('::');
  const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  const prefix = all.slice(0, 4).map((g) => g.padStart(4, '0'));
  return `${prefix.join(':')}::/64`;
}
