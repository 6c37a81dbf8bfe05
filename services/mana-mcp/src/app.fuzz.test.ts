import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyText, contentType, headerValue, mutatedBody, nastyValue } from '@mana/core/testing/fuzz';
import { manaRegistry } from '@mana/tools';
import { dataFingerprint } from './testing/fingerprint';
import { createMcpHarness, manaHeaders, type McpHarness, type TestUser } from './testing/harness';

/**
 * Issue 10 §2.4 for `/mcp`: property-based fuzzing (fast-check, fixed seed) of
 * the MCP endpoint on a real mana-mcp and mana-auth. Generated JSON-RPC bodies,
 * bearer tokens, spaces, session ids, time zones, content types and Origins;
 * then generated arguments for every tool inside a live session. Every answer
 * is below 500, and a refused request or a tool call that fails writes no app
 * row and opens no session.
 */
const SEED = 20261202;
const RUNS = 150;
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '0' } } };
let h: McpHarness;
let ada: TestUser;
let sessionId: string;
let cases = 0;

beforeAll(async () => {
  h = await createMcpHarness({ env: { MCP_RATE_LIMIT_PER_MINUTE: '1000000', MCP_MAX_SESSIONS_PER_USER: '1000' } });
  ada = await h.user('fuzz');
  const opened = await h.post(initialize, manaHeaders(ada.token, ada.spaceId));
  sessionId = opened.headers.get('mcp-session-id')!;
  await opened.arrayBuffer();
}, 300_000);
afterAll(async () => {
  process.stdout.write(`fuzz: ${cases} generated requests against mana-mcp, seed ${SEED}\n`);
  await h?.close();
});

const openSessions = async () => (await h.auth.database.query<{ n: number }>('select count(*)::int as n from mcp_sessions'))[0]!.n;
const run = <T extends unknown[]>(property: fc.IAsyncProperty<T>) => fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });

async function send(body: string, headers: Record<string, string | undefined>): Promise<{ status: number; text: string }> {
  cases += 1;
  const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
  const res = await fetch(h.endpoint, { method: 'POST', headers: { accept: 'application/json, text/event-stream', ...sent }, body });
  return { status: res.status, text: await res.text() };
}

describe('fuzzing mana-mcp /mcp (fast-check, seeded)', () => {
  it('headers and JSON-RPC bodies: no 5xx; a refused request writes nothing and opens no session', async () => {
    const toolCall = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'todo_create', arguments: { title: 'x' } } };
    // The valid value is the most likely one of each, so that generated requests also get past the gate.
    const mostly = <T>(valid: T, ...others: fc.Arbitrary<T>[]) => fc.oneof({ weight: 3 * others.length, arbitrary: fc.constant(valid) }, ...others);
    const authorization = mostly<string | undefined>(
      `Bearer ${ada.token}`,
      fc.constant(undefined),
      headerValue,
      headerValue.map((v) => `Bearer ${v}`),
      fc.constant(`Bearer ${ada.token.slice(0, -4)}AAAA`),
    );
    const space = mostly<string | undefined>(ada.spaceId, fc.constant(undefined), headerValue);
    const session = fc.oneof(fc.constant(sessionId), fc.constant(undefined), headerValue);
    const zone = mostly<string | undefined>(undefined, fc.constantFrom('Europe/Berlin', 'UTC', 'Mars/Olympus', '+25:00', ''), headerValue);
    const origin = mostly<string | undefined>(undefined, fc.constantFrom('http://localhost:3000', 'https://evil.example', 'null'), headerValue);
    const type = mostly<string | undefined>('application/json', contentType);
    const body = fc.oneof(
      fc.constantFrom(JSON.stringify(initialize), JSON.stringify(toolCall)),
      bodyText(initialize),
      bodyText(toolCall),
      mutatedBody(toolCall).map((b) => JSON.stringify([b, b])),
    );
    const statuses = new Set<number>();
    await run(
      fc.asyncProperty(body, authorization, space, session, zone, type, origin, async (text, auth, spaceId, mcpSession, timeZone, mediaType, from) => {
        const before = await dataFingerprint(h.auth.database);
        const sessionsBefore = await openSessions();
        const res = await send(text, {
          authorization: auth,
          'x-mana-space': spaceId,
          'mcp-session-id': mcpSession,
          'x-mana-time-zone': timeZone,
          'content-type': mediaType,
          origin: from,
        });
        expect(res.status, `${text.slice(0, 200)} -> ${res.text.slice(0, 200)}`).toBeLessThan(500);
        statuses.add(res.status);
        if (res.status >= 400) {
          expect(await dataFingerprint(h.auth.database), `refused ${res.status} wrote app rows`).toBe(before);
          expect(await openSessions(), `refused ${res.status} opened a session`).toBe(sessionsBefore);
        }
      }),
    );
    // The generators reach past the gate as well as into each refusal.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 401, 403]));
  });

  it('generated arguments for every tool in a live session: no 5xx, and a failed call changes nothing', async () => {
    const tools = manaRegistry.tools().map((tool) => tool.name);
    const args = fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), nastyValue, { maxKeys: 4 }), nastyValue);
    let id = 10;
    const outcomes = { ok: 0, failed: 0 };
    await run(
      fc.asyncProperty(fc.constantFrom(...tools), args, async (name, toolArgs) => {
        const before = await dataFingerprint(h.auth.database);
        const call = { jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: toolArgs } };
        const res = await send(JSON.stringify(call), { ...manaHeaders(ada.token, ada.spaceId), 'mcp-session-id': sessionId, 'content-type': 'application/json' });
        expect(res.status, `${name} ${JSON.stringify(toolArgs).slice(0, 200)} -> ${res.text.slice(0, 200)}`).toBeLessThan(500);
        const answer = JSON.parse(res.text) as { result?: { isError?: boolean }; error?: unknown };
        const failed = Boolean(answer.error || answer.result?.isError);
        outcomes[failed ? 'failed' : 'ok'] += 1;
        if (failed) expect(await dataFingerprint(h.auth.database), `failed ${name} wrote app rows`).toBe(before);
      }),
    );
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.failed).toBeGreaterThan(0);
  });
});
