import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInternalApi } from './internal-api';
import { requestJson } from './http';

// A server that accepts every request and never answers: a stalled mana-auth.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
/** The next request the stalled server receives (register before sending): the client is then waiting for an answer. */
const nextRequest = () => once(server, 'request').then(([request]) => request as IncomingMessage);
/** Resolves once the client has closed the request's connection: it gave up instead of holding it open. */
const hungUp = (request: IncomingMessage) => new Promise<void>((resolve) => (request.socket.destroyed ? resolve() : request.socket.once('close', () => resolve())));

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('outbound time-outs (regression: a stalled /claim or /complete held a pool slot for minutes)', () => {
  it('requestJson gives up after timeoutMs with a time-out error naming the path', async () => {
    // No wall-clock bound: the server never answers, so without the time-out this never settles (vitest's test
    // time-out fails it). What is checked is that it ends as a time-out and drops the stalled connection.
    const received = nextRequest();
    // A slow upstream is unavailable (503's code), not an internal fault of ours (issue 23 §3).
    await expect(requestJson(`${url}/slow`, { timeoutMs: 200 }, z.unknown())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/\/slow timed out after 200 ms/),
    });
    const request = await received;
    expect(request.url).toBe('/slow');
    await hungUp(request);
  });

  it('the internal API passes its time-out to claim and complete', async () => {
    const api = createInternalApi({ authUrl: url, serviceKey: 'k', timeoutMs: 150 });
    await expect(api.claim({ runnerId: 'r', limit: 1, leaseMs: 1000 })).rejects.toThrow(/\/claim timed out after 150 ms/);
    await expect(api.complete('t1', { status: 'succeeded', attempt: 1 } as never)).rejects.toThrow(/complete timed out after 150 ms/);
  });

  it('a caller abort is reported as unreachable, not as a time-out', async () => {
    const controller = new AbortController();
    const received = nextRequest();
    const refused = expect(requestJson(`${url}/x`, { timeoutMs: 10_000, signal: controller.signal }, z.unknown())).rejects.toThrow(/unreachable: stop/);
    // Aborted once the request is at the server, i.e. in flight, not after a guessed 50 ms.
    const request = await received;
    controller.abort(new Error('stop'));
    await refused;
    await hungUp(request);
  });
});
