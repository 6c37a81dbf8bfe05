import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bodyText, jsonNestsDeeperThan, limitBody } from './http-body';

const MAX = 64 * 1024;
const app = new Hono();
app.use(
  '*',
  limitBody(MAX, (c) => c.json({ refused: true }, 413)),
);
app.post('/echo', async (c) => {
  const text = await bodyText(c);
  return c.json({ bytes: Buffer.byteLength(text), text });
});
app.get('/plain', (c) => c.json({ ok: true }));

let server: ServerType;
let origin: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
// @hono/node-server turns the Node request into a WHATWG Request's web stream with Readable.toWeb:
// counted, it tells whether the body was read from the socket or through that stream.
const toWeb = vi.spyOn(Readable, 'toWeb');
afterEach(() => toWeb.mockClear());

/** One request over a real socket; `chunks` are sent as a chunked body (no Content-Length). */
function send(
  path: string,
  options: { body?: string; chunks?: string[] } = {},
): Promise<{ status: number; body: { bytes?: number; text?: string; refused?: boolean; ok?: boolean } }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (options.body !== undefined) headers['content-length'] = Buffer.byteLength(options.body);
    const req = http.request(`${origin}${path}`, { method: options.body === undefined && !options.chunks ? 'GET' : 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    if (options.chunks) for (const chunk of options.chunks) req.write(chunk);
    req.end(options.body);
  });
}

describe('limitBody and bodyText on @hono/node-server', () => {
  it('reads a body with a Content-Length from the socket, multi-byte characters across chunks intact', async () => {
    const text = JSON.stringify({ note: 'Grüße, 日本 '.repeat(3_000) }); // ~50 KB: several socket chunks
    const answer = await send('/echo', { body: text });
    expect(answer.status).toBe(200);
    expect(answer.body.text).toBe(text);
    expect(answer.body.bytes).toBe(Buffer.byteLength(text));
    expect(toWeb).not.toHaveBeenCalled();
  });

  it('refuses a Content-Length over the limit without reading the body', async () => {
    const answer = await send('/echo', { body: 'x'.repeat(MAX + 1) });
    expect(answer).toEqual({ status: 413, body: { refused: true } });
    expect(toWeb).not.toHaveBeenCalled();
  });

  it('counts a chunked body as it comes: refused over the limit, read whole under it', async () => {
    expect(await send('/echo', { chunks: ['x'.repeat(MAX / 2), 'x'.repeat(MAX / 2), 'x'] })).toEqual({ status: 413, body: { refused: true } });
    const answer = await send('/echo', { chunks: ['{"a":', '"chunked"}'] });
    expect(answer).toMatchObject({ status: 200, body: { text: '{"a":"chunked"}' } });
    expect(toWeb).toHaveBeenCalled(); // buffered by Hono's bodyLimit, then read from the Request it made
  });

  it('lets a request without a body through, and an empty body reads as ""', async () => {
    expect(await send('/plain')).toEqual({ status: 200, body: { ok: true } });
    expect(await send('/echo', { body: '' })).toMatchObject({ status: 200, body: { text: '', bytes: 0 } });
  });

  it('reads from the Request where there is no Node request (app.request)', async () => {
    const response = await app.request('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"via":"request"}' });
    expect(await response.json()).toMatchObject({ text: '{"via":"request"}' });
    const big = await app.request('/echo', { method: 'POST', headers: { 'content-length': String(MAX + 1) }, body: 'x'.repeat(MAX + 1) });
    expect(big.status).toBe(413);
  });
});

describe('jsonNestsDeeperThan (issue 24 §1: 10,000-deep arguments answered 500)', () => {
  const deep = (n: number, open = '[', close = ']') => `${open.repeat(n)}${close.repeat(n)}`;
  it('counts arrays and objects opened inside one another', () => {
    expect(jsonNestsDeeperThan(deep(64))).toBe(false);
    expect(jsonNestsDeeperThan(deep(65))).toBe(true);
    expect(jsonNestsDeeperThan(deep(10_000))).toBe(true);
    expect(jsonNestsDeeperThan(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`)).toBe(true);
    expect(jsonNestsDeeperThan(`[${'[],'.repeat(1_000)}[]]`)).toBe(false);
  });
  it('skips brackets inside strings, also after escaped quotes', () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ text: '['.repeat(500) }))).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ text: `\\"${'{'.repeat(500)}` }))).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify([`"${'['.repeat(100)}`, ['x']]), 2)).toBe(false);
  });
});
