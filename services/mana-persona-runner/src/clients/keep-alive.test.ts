import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unfollowedRedirect } from '@modelcontextprotocol/sdk/shared/transport.js';
import { keepAliveFetch, REMEMBERED_ANSWER_CHARS, sendRequest } from './keep-alive';

// Answers by path: JSON echo, an open event stream, 204, and one that never answers.
let server: Server;
let url: string;
const sockets = new Set<string>();
beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(`${req.socket.remotePort}`);
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/json') {
        res.writeHead(201, { 'content-type': 'application/json', 'mcp-session-id': 's1' });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization }));
      } else if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n'); // and the stream stays open
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: 'http://elsewhere.test/mcp?token=x' }).end();
      } else if (req.url?.startsWith('/long')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 1, result: { tools: Array.from({ length: 400 }, (_, i) => ({ name: `${req.url}-${i}`, inputSchema: { type: 'object' } })) } }));
      } else if (req.url === '/empty') {
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('keepAliveFetch (the MCP client transport fetch)', () => {
  it('answers a JSON POST like fetch: status, headers, body; one connection serves most of them', async () => {
    const headers = new Headers({ authorization: 'Bearer t', 'content-type': 'application/json' });
    for (let i = 0; i < 10; i++) {
      const response = await keepAliveFetch(new URL(`${url}/json`), { method: 'POST', headers, body: '{"a":1}' });
      expect(response.status).toBe(201);
      expect(response.ok).toBe(true);
      expect(response.headers.get('mcp-session-id')).toBe('s1');
      expect(await response.json()).toEqual({ method: 'POST', body: '{"a":1}', auth: 'Bearer t' });
      // Read once, as a Response's body is.
      await expect(response.text()).rejects.toThrow(/already been read/);
    }
    expect(sockets.size).toBeLessThan(4);
  });

  it('parses a long answer once: the same bytes again give the same frozen value, other bytes their own', async () => {
    const read = async (path: string) => (await keepAliveFetch(`${url}${path}`, { method: 'POST', body: '{}' })).json() as Promise<{ result: { tools: { name: string }[] } }>;
    const first = await read('/long');
    expect(JSON.stringify(first).length).toBeGreaterThan(REMEMBERED_ANSWER_CHARS);
    expect(first.result.tools[399]!.name).toBe('/long-399');
    expect(await read('/long')).toBe(first);
    const other = await read('/long-b');
    expect(other).not.toBe(first);
    expect(other.result.tools[0]!.name).toBe('/long-b-0');
    // Nobody can change what the next session gets.
    expect(() => {
      other.result.tools[0]!.name = 'changed';
    }).toThrow(TypeError);
    expect(await read('/long-b')).toEqual(other);
    // A short answer is parsed every time (a tool call's answer is its caller's to keep).
    const short = async () => (await keepAliveFetch(`${url}/json`, { method: 'POST', body: '{}' })).json();
    expect(await short()).not.toBe(await short());
  });

  it('hands an event stream over while it is still open, and a 204 without a body', async () => {
    const stream = await keepAliveFetch(`${url}/events`, { headers: { accept: 'text/event-stream' } });
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: one\n\n');
    await reader.cancel();
    const empty = await keepAliveFetch(`${url}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
  });

  it('returns a redirect unfollowed, with what the SDK needs to say where it pointed (type, url, Location)', async () => {
    const moved = await keepAliveFetch(`${url}/moved`, { method: 'POST', body: '{}' });
    expect(moved.status).toBe(302);
    expect(moved.ok).toBe(false);
    expect(moved.url).toBe(`${url}/moved`);
    expect(unfollowedRedirect(moved, `${url}/moved`)).toBe('Redirect to http://elsewhere.test/mcp not followed');
  });

  it('fails as fetch does: TypeError "fetch failed" when unreachable, the signal reason on abort', async () => {
    await expect(keepAliveFetch('http://127.0.0.1:1/x')).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    const reason = new Error('stop');
    await expect(keepAliveFetch(`${url}/never`, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe('sendRequest (the internal API and login client)', () => {
  it('returns status, headers and text', async () => {
    const response = await sendRequest(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect(response.status).toBe(201);
    expect(response.headers['mcp-session-id']).toBe('s1');
    expect(JSON.parse(response.text)).toMatchObject({ method: 'POST', body: '[]' });
  });
});
