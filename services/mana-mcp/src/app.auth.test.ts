import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { SignJWT, generateKeyPair } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { counterValue } from '@mana/core';
import { addTestMember, createTestSpace } from '@mana/tools/testing';
import { jwks, members, todos } from '@mana/db';
import { TOUCH_FRACTION } from './sessions/session-store';
import { createMcpHarness, manaHeaders, type McpHarness, type TestUser } from './testing/harness';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

let h: McpHarness;
let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  h = await createMcpHarness();
  ada = await h.user('ada');
  bob = await h.user('bob');
});
afterAll(async () => h?.close());

const todoCount = async () => (await h.auth.database.db.select({ n: count() }).from(todos))[0]!.n;
/** Whether a session's row is stored (ended sessions are deleted; an idle one stays until swept). */
const isStored = async (id: string) => (await h.auth.database.query('select 1 from mcp_sessions where id = $1', [id])).length === 1;
const storedSessionsOf = async (userId: string) => (await h.auth.database.query<{ n: number }>('select count(*)::int as n from mcp_sessions where user_id = $1', [userId]))[0]!.n;

/** Asserts a JSON-RPC error body with our code, and no 5xx. */
async function expectRefusal(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { jsonrpc: string; error: { message: string; data: { code: string } } };
  expect(body.jsonrpc).toBe('2.0');
  expect(body.error.data.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body.error.message;
}

describe('authentication', () => {
  it('initializes with a real mana-auth JWT and the personal space', async () => {
    const { client, transport } = await h.connect(ada.token, ada.spaceId);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.getServerVersion()?.name).toBe('mana-mcp');
    await client.close();
  });

  it('refuses a missing or malformed bearer token with 401', async () => {
    await expectRefusal(await h.post(initialize, { 'x-mana-space': ada.spaceId }), 401, 'UNAUTHORIZED');
    await expectRefusal(await h.post(initialize, { authorization: 'Basic abc', 'x-mana-space': ada.spaceId }), 401, 'UNAUTHORIZED');
    await expectRefusal(await h.post(initialize, manaHeaders('not.a.jwt', ada.spaceId)), 401, 'UNAUTHORIZED');
  });

  it('refuses a token signed by a foreign key, even with a known key id', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const [realKid] = (await h.auth.database.db.select({ id: jwks.id }).from(jwks)).map((row) => row.id);
    for (const kid of [realKid!, 'forged-kid']) {
      const forged = await new SignJWT({ email: ada.email })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(ada.userId)
        .setIssuer(h.auth.config.baseUrl)
        .setAudience('mana')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      await expectRefusal(await h.post(initialize, manaHeaders(forged, ada.spaceId)), 401, 'UNAUTHORIZED');
    }
  });

  it('refuses tokens signed by mana-auth itself but for another audience, another issuer, or without a subject', async () => {
    const sign = async (payload: Record<string, unknown>) => (await h.auth.ctx.auth.api.signJWT({ body: { payload } })).token;
    const good = await sign({ sub: ada.userId });
    expect((await h.post(initialize, manaHeaders(good, ada.spaceId))).status).toBe(200);
    for (const payload of [{ sub: ada.userId, aud: 'billing' }, { sub: ada.userId, iss: 'http://evil.example' }, { email: ada.email }]) {
      await expectRefusal(await h.post(initialize, manaHeaders(await sign(payload), ada.spaceId)), 401, 'UNAUTHORIZED');
    }
  });

  it('refuses an expired token with 401 "expired"', async () => {
    const carol = await h.user('carol');
    h.advance(16 * 60_000);
    try {
      const message = await expectRefusal(await h.post(initialize, manaHeaders(carol.token, carol.spaceId)), 401, 'UNAUTHORIZED');
      expect(message).toMatch(/expired/i);
    } finally {
      h.advance(-16 * 60_000);
    }
  });
});

describe('space membership', () => {
  it('requires X-Mana-Space (400) and refuses a space the user is not a member of (403)', async () => {
    await expectRefusal(await h.post(initialize, { authorization: `Bearer ${ada.token}` }), 400, 'VALIDATION');
    await expectRefusal(await h.post(initialize, manaHeaders(ada.token, bob.spaceId)), 403, 'FORBIDDEN');
    await expectRefusal(await h.post(initialize, manaHeaders(ada.token, "x' or '1'='1")), 403, 'FORBIDDEN');
    await expect(h.connect(ada.token, bob.spaceId)).rejects.toThrow(/403|member/);
  });
});

describe('time zone', () => {
  const localDate = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

  /** journal_add_entry's default date in a session opened with `X-Mana-Time-Zone: timeZone`. */
  async function todayVia(timeZone: string): Promise<{ date: string; expected: string[] }> {
    const transport = new StreamableHTTPClientTransport(new URL(h.endpoint), {
      requestInit: { headers: { ...manaHeaders(ada.token, ada.spaceId), 'x-mana-time-zone': timeZone } },
    });
    const client = new Client({ name: 'mana-mcp-test', version: '0' });
    await client.connect(transport);
    const before = localDate(h.now(), timeZone);
    const result = (await client.callTool({ name: 'journal_add_entry', arguments: { body: `Written in ${timeZone}` } })) as CallToolResult;
    const after = localDate(h.now(), timeZone);
    await client.close();
    return { date: (result.structuredContent as { entry: { date: string } }).entry.date, expected: [before, after] };
  }

  it('refuses an unknown X-Mana-Time-Zone (400) and opens no session', async () => {
    const sessions = await storedSessionsOf(ada.userId);
    await expectRefusal(await h.post(initialize, { ...manaHeaders(ada.token, ada.spaceId), 'x-mana-time-zone': 'Mars/Olympus' }), 400, 'VALIDATION');
    expect(await storedSessionsOf(ada.userId)).toBe(sessions);
  });

  it('binds a valid zone to the session: "today" of the tools is the local date there', async () => {
    // UTC+14 and UTC-11 are 25 hours apart, so their dates always differ.
    const east = await todayVia('Pacific/Kiritimati');
    const west = await todayVia('Pacific/Pago_Pago');
    expect(east.expected).toContain(east.date);
    expect(west.expected).toContain(west.date);
    expect(east.date > west.date).toBe(true);
  });
});

describe('sessions', () => {
  it('refuses another user on a session with 403, and the same user in another space', async () => {
    const { client, transport } = await h.connect(ada.token, ada.spaceId);
    const sessionId = transport.sessionId!;
    const before = await todoCount();
    const hijack = await h.post(
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'todo_create', arguments: { title: 'planted by bob' } } },
      { ...manaHeaders(bob.token, bob.spaceId), 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
    );
    await expectRefusal(hijack, 403, 'FORBIDDEN');
    const otherSpace = await createTestSpace(h.auth.database.db, { ownerId: ada.userId, name: 'Ada team' });
    const wrongSpace = await h.post(
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'todo_create', arguments: { title: 'wrong space' } } },
      { ...manaHeaders(ada.token, otherSpace), 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
    );
    await expectRefusal(wrongSpace, 403, 'FORBIDDEN');
    expect(await todoCount()).toBe(before);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  it('re-checks membership on every request of a session: a removed member gets 403 and the session is closed', async () => {
    const team = await createTestSpace(h.auth.database.db, { ownerId: bob.userId, name: 'Bob team' });
    await addTestMember(h.auth.database.db, { spaceId: team, userId: ada.userId });
    // A raw initialize: no background GET stream races the check below.
    const sessionId = (await h.post(initialize, manaHeaders(ada.token, team))).headers.get('mcp-session-id')!;
    expect(await isStored(sessionId)).toBe(true);
    await h.auth.database.db.delete(members).where(and(eq(members.organizationId, team), eq(members.userId, ada.userId)));
    // No clock advance: membership is read with the session on every request.
    const headers = { ...manaHeaders(ada.token, team), 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    await expectRefusal(await h.post({ jsonrpc: '2.0', id: 9, method: 'tools/list' }, headers), 403, 'FORBIDDEN');
    expect(await isStored(sessionId)).toBe(false);
    expect(await counterValue(h.server.mcp.metrics.sessionsClosed, { reason: 'revoked' })).toBe(1);
  });

  it('answers 404 for an unknown session and 400 for a non-initialize call without one', async () => {
    await expectRefusal(
      await h.post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, { ...manaHeaders(ada.token, ada.spaceId), 'mcp-session-id': 'no-such-session' }),
      404,
      'NOT_FOUND',
    );
    await expectRefusal(await h.post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, manaHeaders(ada.token, ada.spaceId)), 400, 'VALIDATION');
  });

  it('answers malformed JSON-RPC with a protocol error, never 5xx', async () => {
    const parse = await h.post('{"jsonrpc": "2.0", "id": 1, "method": ', manaHeaders(ada.token, ada.spaceId));
    expect(parse.status).toBe(400);
    expect(((await parse.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const { client, transport } = await h.connect(ada.token, ada.spaceId);
    const headers = { ...manaHeaders(ada.token, ada.spaceId), 'mcp-session-id': transport.sessionId!, 'mcp-protocol-version': '2025-06-18' };
    for (const body of ['{oops', '{"jsonrpc":"2.0","id":5}', '{"jsonrpc":"1.0","id":5,"method":"tools/list"}', '"tools/list"']) {
      const response = await h.post(body, headers);
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
    }
    const unknownMethod = await h.post({ jsonrpc: '2.0', id: 6, method: 'tools/explode' }, headers);
    expect(unknownMethod.status).toBeLessThan(500);
    expect(JSON.stringify(await unknownMethod.json())).toContain('-32601');
    await client.close();
  });

  it('refuses a body over the size limit with 413 before parsing it', async () => {
    const huge = JSON.stringify({ ...initialize, params: { ...initialize.params, padding: 'x'.repeat(1_100_000) } });
    await expectRefusal(await h.post(huge, manaHeaders(ada.token, ada.spaceId)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('ends a session on DELETE; the id is then unknown; another user cannot end it', async () => {
    const { client, transport } = await h.connect(ada.token, ada.spaceId);
    const sessionId = transport.sessionId!;
    const open = await storedSessionsOf(ada.userId);
    const foreign = await h.post(undefined, { ...manaHeaders(bob.token, bob.spaceId), 'mcp-session-id': sessionId }, 'DELETE');
    expect(foreign.status).toBe(403);
    expect(await isStored(sessionId)).toBe(true);
    await transport.terminateSession();
    expect(await isStored(sessionId)).toBe(false);
    expect(await storedSessionsOf(ada.userId)).toBe(open - 1);
    const after = await h.post({ jsonrpc: '2.0', id: 7, method: 'tools/list' }, { ...manaHeaders(ada.token, ada.spaceId), 'mcp-session-id': sessionId });
    expect(after.status).toBe(404);
    await client.close();
  });

  it('expires idle sessions (15 min by default) and closes them; a used session stays', async () => {
    // A raw initialize opens no background GET stream, so the session's last use is exactly now.
    const opened = await h.post(initialize, manaHeaders(ada.token, ada.spaceId));
    const idleId = opened.headers.get('mcp-session-id')!;
    expect(await isStored(idleId)).toBe(true);
    try {
      h.advance(10 * 60_000);
      const busy = await h.connect(bob.token, bob.spaceId);
      const fresh = await h.user('erin');
      h.advance(6 * 60_000);
      expect(await h.server.mcp.sessions.sweep()).toBeGreaterThanOrEqual(1);
      expect(await isStored(idleId)).toBe(false);
      expect(await isStored(busy.transport.sessionId!)).toBe(true);
      const reused = await h.post({ jsonrpc: '2.0', id: 8, method: 'tools/list' }, { ...manaHeaders(fresh.token, fresh.spaceId), 'mcp-session-id': idleId });
      expect(reused.status).toBe(404);
      expect(await h.server.mcp.metrics.registry.metrics()).toMatch(/mana_mcp_sessions_closed_total\{reason="idle"\} [1-9]/);
      await busy.client.close();
    } finally {
      h.advance(-16 * 60_000);
    }
  });
});

describe('idle mark', () => {
  it('moves only when it is older than a sixteenth of the idle limit: most requests of a session only read it', async () => {
    // A user of its own: a token verified at a moved clock stays in the token cache (the key rotation test uses Ada's).
    const gus = await h.user('gus');
    const opened = await h.post(initialize, manaHeaders(gus.token, gus.spaceId));
    const id = opened.headers.get('mcp-session-id')!;
    const mark = async () => {
      const [row] = await h.auth.database.query<{ at: string | Date }>('select last_seen_at as at from mcp_sessions where id = $1', [id]);
      return new Date(row!.at).getTime();
    };
    const list = async () => (await h.post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, { ...manaHeaders(gus.token, gus.spaceId), 'mcp-session-id': id })).status;
    const opening = await mark();
    const sixteenth = (15 * 60_000) / TOUCH_FRACTION;
    try {
      h.advance(sixteenth - 1_000);
      expect(await list()).toBe(200);
      expect(await mark()).toBe(opening);
      h.advance(2_000);
      expect(await list()).toBe(200);
      // The harness clock runs on from the opening, so the new mark is at least this.
      expect(await mark()).toBeGreaterThanOrEqual(opening + sixteenth + 1_000);
      // The idle limit now counts from the moved mark: alive a whole limit after opening.
      h.advance(15 * 60_000 - sixteenth - 1_000);
      // Live (its mark within the idle limit of now), though a whole limit has passed since it opened.
      expect(await mark()).toBeGreaterThan(h.now().getTime() - 15 * 60_000);
    } finally {
      h.advance(-15 * 60_000);
    }
  });
});

describe('health and metrics', () => {
  it('serves /health and Prometheus text on /metrics', async () => {
    const health = await fetch(`${h.server.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'mana-mcp' });
    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(metrics).toContain('# TYPE mana_mcp_active_sessions gauge');
    expect(metrics).toMatch(/mana_mcp_http_rejections_total\{status="401"\} [1-9]/);
  });
});

// Runs last: it replaces mana-auth's signing key, which invalidates the tokens issued above.
describe('key rotation', () => {
  it('picks up a rotated signing key (unknown kid -> JWKS refetch)', async () => {
    const { client } = await h.connect(ada.token, ada.spaceId);
    await client.close();
    // Removing the key makes Better Auth create a new one on the next login; the old key's tokens are then refused.
    await h.auth.database.db.delete(jwks);
    const dan = await h.user('dan');
    const [newKid] = (await h.auth.database.db.select({ id: jwks.id }).from(jwks)).map((row) => row.id);
    expect(JSON.parse(Buffer.from(dan.token.split('.')[0]!, 'base64url').toString()).kid).toBe(newKid);
    const connected = await h.connect(dan.token, dan.spaceId);
    expect((await connected.client.listTools()).tools.length).toBeGreaterThan(0);
    await connected.client.close();
    // Ada's token was verified a moment ago: it stays accepted for the token cache's minute, then the withdrawn key counts.
    expect((await h.post(initialize, manaHeaders(ada.token, ada.spaceId))).status).toBe(200);
    h.advance(61_000);
    try {
      await expectRefusal(await h.post(initialize, manaHeaders(ada.token, ada.spaceId)), 401, 'UNAUTHORIZED');
    } finally {
      h.advance(-61_000);
    }
  });
});
