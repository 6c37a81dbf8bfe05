/**
 * The LLM API of the fault tests: the local Anthropic Messages fake behind a
 * front that misbehaves on demand, the way a real provider does: 429 with
 * `retry-after` (once per request body, so the client's retry passes), 500,
 * an answer that never comes, a body cut mid-way, a 200 that is not JSON.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeAnthropic, type FakeRequest, type FakeServer, type FakeTurn } from '@mana/persona-runner/testing';

export type LlmFault = 'none' | 'rate-limited' | 'server-error' | 'hang' | 'cut' | 'malformed';

export interface FaultyLlm {
  url: string;
  fault: LlmFault;
  /** `retry-after` (seconds) sent with each 429. */
  retryAfterSeconds: number;
  /** Per 429'd request body: when the 429 went out and when the client came back with the same body. */
  retries: { refusedAt: number; retriedAt?: number }[];
  close(): Promise<void>;
}

/** A persona's day: create one todo, then say it is done; the rating turn rates the todo module. */
function day(request: FakeRequest): FakeTurn {
  if (request.userText.includes('"ratings"')) return { text: '```json\n{"ratings":[{"module":"todo","rating":4,"notes":"ging gut"}]}\n```' };
  const create = request.tools.find((name) => name === 'todo_create' || name.endsWith('__todo_create'));
  if (!create || request.toolResults.length > 0) return { text: 'Fertig für heute.' };
  return { text: 'Ich notiere mir eine Aufgabe.', toolCalls: [{ name: create, input: { title: 'Fehlerprobe' } }] };
}

export async function startFaultyLlm(): Promise<FaultyLlm> {
  const fake: FakeServer = await startFakeAnthropic({ script: day });
  const refused = new Map<string, { refusedAt: number; retriedAt?: number }>();
  const hanging = new Set<import('node:http').ServerResponse>();
  const state: FaultyLlm = {
    url: '',
    fault: 'none',
    retryAfterSeconds: 3,
    retries: [],
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await fake.close();
    },
  };
  const forward = async (method: string, path: string, headers: Record<string, string>, body: Buffer) => {
    const answer = await fetch(`${fake.url}${path}`, { method, headers, body: method === 'GET' ? undefined : new Uint8Array(body) });
    return { status: answer.status, contentType: answer.headers.get('content-type') ?? 'application/json', text: await answer.text() };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const headers = { 'content-type': 'application/json' };
        const error = (status: number, type: string, extra: Record<string, string> = {}) => {
          res.writeHead(status, { ...headers, ...extra });
          res.end(JSON.stringify({ type: 'error', error: { type, message: `fault drill: ${type}` } }));
        };
        const isTurn = req.method === 'POST' && (req.url ?? '').startsWith('/v1/messages') && !(req.url ?? '').includes('count_tokens');
        if (isTurn && state.fault === 'rate-limited') {
          const key = createHash('sha256').update(body).digest('hex');
          const seen = refused.get(key);
          if (!seen) {
            const entry = { refusedAt: Date.now() };
            refused.set(key, entry);
            state.retries.push(entry);
            return error(429, 'rate_limit_error', { 'retry-after': String(state.retryAfterSeconds) });
          }
          seen.retriedAt ??= Date.now();
        }
        if (isTurn && state.fault === 'server-error') return error(500, 'api_error');
        if (isTurn && state.fault === 'hang') {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (isTurn && state.fault === 'malformed') {
          res.writeHead(200, headers);
          return res.end('{"id":"msg_drill","type":"message","content":[{"type":"te');
        }
        const answer = await forward(req.method ?? 'GET', req.url ?? '/', { 'content-type': 'application/json' }, body);
        if (isTurn && state.fault === 'cut') {
          // Promise the whole body, send half of it, and drop the connection.
          res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(Buffer.byteLength(answer.text)) });
          res.write(answer.text.slice(0, Math.floor(answer.text.length / 2)));
          return setTimeout(() => res.destroy(), 50);
        }
        res.writeHead(answer.status, { 'content-type': answer.contentType });
        res.end(answer.text);
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(error) } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
