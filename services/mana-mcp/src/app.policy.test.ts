import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { handlerMsOf } from '@mana/contracts';
import { counterValue, createLogger } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { createMcpApp } from './app';
import { createJwtVerifier } from './auth/jwt-verifier';
import { loadMcpConfig } from './config';
import { keyedDice } from './faults/fault-dice';
import { startMcpServer } from './server';
import { createMcpHarness, manaHeaders, type McpHarness, type TestUser } from './testing/harness';
import { dataFingerprint } from './testing/fingerprint';

let h: McpHarness;
let ada: TestUser;
let client: Client;

beforeAll(async () => {
  h = await createMcpHarness({
    env: { MCP_RATE_LIMIT_PER_MINUTE: '4', MCP_MAX_SESSIONS_PER_USER: '3', MCP_FAULTS: 'todo_complete:error=0.5,notes_search:latency=300,habits_list:empty=1' },
    random: keyedDice(1234),
  });
  ada = await h.user('ada');
  client = (await h.connect(ada.token, ada.spaceId)).client;
});
afterAll(async () => {
  await client?.close();
  await h?.close();
});

const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;

describe('policy gate over MCP', () => {
  it('rate limits per user and tool per rolling minute; the window rolls with the clock', async () => {
    for (let i = 0; i < 4; i++) expect((await call('mood_today')).isError).toBeFalsy();
    const limited = await call('mood_today');
    expect(limited.isError).toBe(true);
    expect(text(limited)).toMatch(/^rate limited/);
    expect((await call('spaces_list')).isError).toBeFalsy();
    const other = await h.user('bob');
    const bobClient = (await h.connect(other.token, other.spaceId)).client;
    expect(((await bobClient.callTool({ name: 'mood_today', arguments: {} })) as CallToolResult).isError).toBeFalsy();
    await bobClient.close();
    h.advance(61_000);
    try {
      expect((await call('mood_today')).isError).toBeFalsy();
    } finally {
      h.advance(-61_000);
    }
    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(metrics).toContain('mana_mcp_tool_calls_total{tool="mood_today",outcome="rate_limited"} 1');
    expect(metrics).toMatch(/mana_mcp_policy_decisions_total\{policy="rate_limit",decision="deny"\} 1/);
  });

  // Regression guard for counting the call in the statement that resumes its session (mcp-endpoint.ts).
  it("counts each call once, in its own user's window; a call refused for its session (another user's) uses no unit", async () => {
    const cy = await h.user('cy');
    const { client: cyClient, transport } = await h.connect(cy.token, cy.spaceId);
    const windows = async (userId: string) =>
      (await h.auth.database.query<{ calls: number }>(`select calls from mcp_rate_windows where key = $1`, [`${userId}:habits_list`])).map((r) => Number(r.calls));
    for (let i = 0; i < 2; i++) expect(((await cyClient.callTool({ name: 'habits_list', arguments: {} })) as CallToolResult).isError).toBeFalsy();
    expect(await windows(cy.userId)).toEqual([2]);
    const intruder = await h.user('intruder');
    const headers = { ...manaHeaders(intruder.token, cy.spaceId), 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-06-18' };
    const refused = await h.post({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'habits_list', arguments: {} } }, headers);
    expect(refused.status).toBe(403);
    expect(await windows(intruder.userId)).toEqual([]);
    expect(await windows(cy.userId)).toEqual([2]);
    await cyClient.close();
  });
});

describe('sessions per user', () => {
  it('refuses more than MCP_MAX_SESSIONS_PER_USER open sessions with 429 until one ends', async () => {
    const zoe = await h.user('zoe');
    const first = await h.connect(zoe.token, zoe.spaceId);
    const second = await h.connect(zoe.token, zoe.spaceId);
    const third = await h.connect(zoe.token, zoe.spaceId);
    await expect(h.connect(zoe.token, zoe.spaceId)).rejects.toThrow(/429|Too many open MCP sessions/);
    await first.transport.terminateSession();
    const again = await h.connect(zoe.token, zoe.spaceId);
    for (const { client } of [first, second, third, again]) await client.close();
  });
});

describe('idle sweeper', () => {
  it('runs on its own interval and closes a session idle on its clock, and no other', async () => {
    // This replica's clock stands still a day behind the harness's until the test moves it past the idle limit:
    // no second of real idleness is waited for, and the sessions the rest of this file uses (last seen a day
    // "later") are not idle for it. Before, the sweep on the real clock also closed the file's shared session,
    // and the tests after it passed only because an earlier test had happened to move its idle mark ahead.
    let at = h.now().getTime() - 86_400_000;
    const config = loadMcpConfig({ NODE_ENV: 'test', PORT: '0', MANA_AUTH_URL: h.authUrl, MCP_JWT_ISSUER: h.auth.config.baseUrl, MCP_SESSION_IDLE_MS: '1000' });
    const server = await startMcpServer({ config, database: h.auth.database, log: createLogger('mana-mcp'), now: () => new Date(at) });
    try {
      const opened = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: { ...manaHeaders(ada.token, ada.spaceId), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
        }),
      });
      const sessionId = opened.headers.get('mcp-session-id')!;
      const stored = async () => (await h.auth.database.query('select id from mcp_sessions where id = $1', [sessionId])).length;
      expect(await stored()).toBe(1);
      at += config.sessionIdleMs + 1;
      // The timeout only guards against a sweeper that never runs; a loaded machine just waits longer.
      await expect.poll(stored, { timeout: 240_000, interval: 100 }).toBe(0);
      // Any replica sweeps the shared table; on its clock only this session was idle.
      expect(await counterValue(server.mcp.metrics.sessionsClosed, { reason: 'idle' })).toBe(1);
      expect((await call('spaces_list')).isError).toBeFalsy();
    } finally {
      await server.close();
    }
  });
});

describe('fault injection over MCP', () => {
  // The dice are keyed by the caller's e-mail, which is new each run, so the outcomes differ per run.
  // Twelve calls, each in a fresh rate-limit window (the clock moves 61 s per call): all twelve alike
  // happens 1 time in 2,048, and a retry starts on a fresh window too.
  it('todo_complete fails about half the time (seeded), and a failed call changes nothing', { retry: 2 }, async () => {
    const created = await call('todo_create', { title: 'Drill' });
    const todoId = (created.structuredContent as { todo: { id: string } }).todo.id;
    const outcomes: boolean[] = [];
    let moved = 0;
    try {
      for (let i = 0; i < 12; i++) {
        h.advance(61_000);
        moved += 61_000;
        const before = await dataFingerprint(h.auth.database, ada.spaceId);
        const result = await call('todo_complete', { todoId });
        outcomes.push(Boolean(result.isError));
        if (result.isError) {
          expect(text(result)).toMatch(/injected fault/);
          expect(await dataFingerprint(h.auth.database, ada.spaceId)).toBe(before);
        } else {
          expect((await call('todo_reopen', { todoId })).isError).toBeFalsy();
        }
      }
    } finally {
      h.advance(-moved);
    }
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  /** A call with the client's own round trip, which holds the handler time the server reports. */
  const timedCall = async (name: string, args: Record<string, unknown> = {}) => {
    const started = performance.now();
    const result = await call(name, args);
    return { result, roundTripMs: performance.now() - started, handlerMs: handlerMsOf(result) };
  };

  // Only lower bounds that a timer sets and containment of one interval in another: a loaded machine makes
  // calls slower, never faster than an injected sleep, and never makes the handler outlast the round trip.
  it('notes_search gets the configured latency', async () => {
    const { result, roundTripMs } = await timedCall('notes_search', { query: 'anything' });
    expect(result.isError).toBeFalsy();
    expect(roundTripMs).toBeGreaterThanOrEqual(295);
  });

  it("returns the app's own handler time with every result, the injected latency included", async () => {
    const slow = await timedCall('notes_search', { query: 'anything' });
    expect(slow.handlerMs).toBeGreaterThanOrEqual(295);
    const quick = await timedCall('spaces_list');
    const refused = await timedCall('notes_get', { noteId: '00000000-0000-4000-8000-000000000000' });
    expect(refused.result.isError).toBe(true);
    // Each call's own time (not a sum, not a time since start): within its round trip. Before, spaces_list had to be
    // quicker than the 300 ms sleep, which a loaded machine need not grant.
    for (const timed of [slow, quick, refused]) {
      expect(timed.handlerMs).toBeGreaterThan(0);
      expect(timed.handlerMs).toBeLessThanOrEqual(timed.roundTripMs);
    }
  });

  it('habits_list returns schema-valid empty lists although habits exist', async () => {
    await call('habits_create', { name: 'Stretch' });
    const result = await call('habits_list');
    expect(result.isError).toBeFalsy();
    expect(manaRegistry.tool('habits_list')!.output.safeParse(result.structuredContent).success).toBe(true);
    const lists = Object.values(result.structuredContent!).filter(Array.isArray);
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((list) => list.length === 0)).toBe(true);
  });

  it('a fault naming an unknown tool is refused at start-up', () => {
    const config = loadMcpConfig({ NODE_ENV: 'test', MCP_FAULTS: 'todo_delete:error=1' });
    const build = () =>
      createMcpApp({
        config,
        database: h.auth.database,
        registry: manaRegistry,
        log: createLogger('t', { level: 'silent' }),
        now: () => new Date(),
        verifier: createJwtVerifier({ jwksUrl: `${h.authUrl}/api/auth/jwks`, issuer: 'x', audience: 'mana', cooldownMs: 0, now: () => new Date() }),
        sweep: false,
      });
    expect(build).toThrow(/todo_delete/);
  });
});

describe('replicas (sessions and rate limits in PostgreSQL, not in one process)', () => {
  it('a session opened on one replica is served by another, and by a replica started after the first stopped', async () => {
    const config = loadMcpConfig({ NODE_ENV: 'test', PORT: '0', MANA_AUTH_URL: h.authUrl, MCP_JWT_ISSUER: h.auth.config.baseUrl, MCP_RATE_LIMIT_PER_MINUTE: '1000' });
    const replicaA = await startMcpServer({ config, database: h.auth.database, log: createLogger('mana-mcp', { level: 'silent' }), sweep: false });
    const replicaB = await startMcpServer({ config, database: h.auth.database, log: createLogger('mana-mcp', { level: 'silent' }), sweep: false });
    const post = (url: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${url}/mcp`, {
        method: 'POST',
        headers: { ...manaHeaders(ada.token, ada.spaceId), 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(body),
      });
    try {
      const opened = await post(
        replicaA.url,
        { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } },
        { 'x-mana-time-zone': 'Pacific/Kiritimati' },
      );
      const sessionId = opened.headers.get('mcp-session-id')!;
      expect(sessionId).toBeTruthy();
      const inSession = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
      const listed = await post(replicaB.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, inSession);
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
      await replicaA.close();
      const restarted = await startMcpServer({ config, database: h.auth.database, log: createLogger('mana-mcp', { level: 'silent' }), sweep: false });
      try {
        // The time zone bound at initialize on replica A holds on the new replica (no header sent here).
        const called = await post(
          restarted.url,
          { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'journal_add_entry', arguments: { body: 'served by a restarted replica' } } },
          inSession,
        );
        const entry = ((await called.json()) as { result: { structuredContent: { entry: { date: string } } } }).result.structuredContent.entry;
        const kiritimati = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati', year: 'numeric', month: '2-digit', day: '2-digit' }).format(h.now());
        expect(entry.date).toBe(kiritimati);
        const ended = await fetch(`${restarted.url}/mcp`, { method: 'DELETE', headers: { ...manaHeaders(ada.token, ada.spaceId), ...inSession } });
        expect(ended.status).toBe(200);
        expect((await post(replicaB.url, { jsonrpc: '2.0', id: 4, method: 'tools/list' }, inSession)).status).toBe(404);
      } finally {
        await restarted.close();
      }
    } finally {
      await replicaB.close();
      await replicaA.close().catch(() => undefined);
    }
  });
});
