import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { nodeRequestOf } from './node-bindings';

/**
 * Refuses a request body over `maxSize` bytes (`onError` answers). On a Node
 * HTTP/1.1 request a body with a `Content-Length` is judged by that header alone
 * (Node's parser never reads past it), and a request with neither
 * `Content-Length` nor `Transfer-Encoding` has no body, so neither touches the
 * body: on @hono/node-server, Hono's `bodyLimit` reads `c.req.raw.body`, which
 * builds a WHATWG Request with a web stream over the socket for every request
 * (with `bodyText`, ~5 % of a service's CPU per persona-tick). A chunked body,
 * and any request that is not a Node one (`app.request` in tests), is counted
 * as it is read, by Hono's `bodyLimit`.
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const counted = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (!nodeRequestOf(c) || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    const length = c.req.header('content-length');
    if (length === undefined) return next();
    return Number.parseInt(length, 10) > maxSize ? onError(c) : next();
  };
}

/**
 * The request body as text. On @hono/node-server (its documented `c.env.incoming`)
 * it is read straight from Node's request stream while nothing has read it yet;
 * otherwise (a chunked body `limitBody` has buffered, `app.request` in tests,
 * another runtime) from the Request, as `c.req.text()` reads it.
 */
export async function bodyText(c: Context): Promise<string> {
  const incoming = nodeRequestOf(c);
  if (!incoming || incoming.readableDidRead || incoming.readableEnded) return c.req.text();
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.complete) reject(new Error('request body aborted by the client'));
    });
  });
}

/** A JSON body nested deeper than this is refused before it is parsed (a clear 400, not a stack overflow later). */
export const MAX_JSON_DEPTH = 64;

/**
 * True when the JSON text opens more than `max` arrays or objects inside one
 * another. One pass over the characters (strings skipped), no parsing: a body
 * nested 10,000 deep parses in V8, but `JSON.stringify`, zod and PostgreSQL's
 * `jsonb` parser all recurse over it and fail later with a 500.
 */
export function jsonNestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
