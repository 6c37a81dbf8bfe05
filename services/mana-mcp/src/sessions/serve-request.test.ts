import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, noTracing } from '@mana/core';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '@mana/tools';
import { createTestActor, type TestActor } from '@mana/tools/testing';
import type { Principal } from '../auth/authenticate';
import { keyedDice } from '../faults/fault-dice';
import { createFaultInjector } from '../faults/fault-injector';
import { createMcpMetrics } from '../metrics/mcp-metrics';
import { createRateLimiter } from '../policy/rate-limiter';
import { prepareToolBindings } from '../tools/register-tools';
import { createRequestServer, type RequestServer } from './serve-request';

let database: TestDatabase;
let ada: TestActor;
let bob: TestActor;
let requests: RequestServer;
let rpcId = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  [ada, bob] = [await createTestActor(database.db, { name: 'Ada' }), await createTestActor(database.db, { name: 'Bob' })];
  const bindings = prepareToolBindings(manaRegistry);
  const callDeps = {
    registry: manaRegistry,
    db: database.db,
    log: createLogger('mana-mcp-test', { level: 'silent' }),
    now: () => new Date(),
    rateLimiter: createRateLimiter({ db: database.db, limit: 1000 }),
    faults: createFaultInjector([], [], keyedDice(1)),
    metrics: createMcpMetrics(() => 0),
    tracing: noTracing,
  };
  requests = createRequestServer({ bindings, instructions: 'test', callDeps, maxBodyBytes: 1_000_000 });
});
afterAll(async () => database?.close());

const principal = (actor: TestActor): Principal => ({ userId: actor.userId, spaceId: actor.spaceId, timeZone: 'UTC' });

/** One stateless tools/call POST, as the endpoint hands it over after reading the session. */
async function call(actor: TestActor, name: string, args: Record<string, unknown>) {
  const request = new Request('http://mcp.test/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'tools/call', params: { name, arguments: args } }),
  });
  const response = await requests.serve(principal(actor), request);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { result: { isError?: boolean; structuredContent: Record<string, unknown> } };
  expect(body.result.isError).toBeFalsy();
  return body.result.structuredContent;
}

describe('createRequestServer', () => {
  it('reuses its MCP servers, and interleaved calls of two users each act as their own user (principal per request, not per server)', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => call(i % 2 ? bob : ada, 'todo_create', { title: `${i % 2 ? 'bob' : 'ada'} ${i}` })));
    const builtAfterBurst = requests.built();
    expect(builtAfterBurst).toBeLessThanOrEqual(12);
    // A server goes back to the pool once closed, after its request (a later turn of the event loop, as
    // the next HTTP request arrives in the real server).
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 6; i++) {
      await nextTurn();
      await call(i % 2 ? bob : ada, 'todo_create', { title: `${i % 2 ? 'bob' : 'ada'} sequential ${i}` });
    }
    expect(requests.built()).toBe(builtAfterBurst);

    const titles = async (actor: TestActor) => ((await call(actor, 'todo_list', { status: 'open', limit: 50 })).todos as { title: string }[]).map((t) => t.title);
    const [adaTitles, bobTitles] = await Promise.all([titles(ada), titles(bob)]);
    expect(adaTitles).toHaveLength(9);
    expect(bobTitles).toHaveLength(9);
    expect(adaTitles.every((t) => t.startsWith('ada'))).toBe(true);
    expect(bobTitles.every((t) => t.startsWith('bob'))).toBe(true);
  });

  it('closes a server after its request without aborting anything (an abort per request was an AbortError, its listeners and a stack trace)', async () => {
    const abort = vi.spyOn(AbortController.prototype, 'abort');
    try {
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        await call(ada, 'todo_list', { status: 'open', limit: 5 });
      }
      await new Promise((resolve) => setImmediate(resolve)); // the last server's close
      expect(abort).not.toHaveBeenCalled();
    } finally {
      abort.mockRestore();
    }
  });
});
