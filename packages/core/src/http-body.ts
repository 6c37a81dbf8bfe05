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
