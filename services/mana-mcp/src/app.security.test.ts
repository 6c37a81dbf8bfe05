import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { loadMcpConfig } from './config';
import { createMcpHarness, manaHeaders, type McpHarness, type TestUser } from './testing/harness';

/**
 * Issue 10 §2.5 / §3 on a real mana-mcp: foreign Origin and rebound Host are
 * 403 (MCP spec, DNS rebinding), and a global cap on open sessions
 * (MCP_MAX_SESSIONS, counted in PostgreSQL over every replica) answers 429 beyond it.
 */
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } };
let h: McpHarness;
let users: TestUser[];

beforeAll(async () => {
  h = await createMcpHarness({ env: { MCP_MAX_SESSIONS: '2', MCP_ALLOWED_ORIGINS: 'https://app.mana.example' } });
  users = [await h.user('s1'), await h.user('s2'), await h.user('s3')];
});
afterAll(async () => h?.close());

/** Open sessions of every replica: the caps count rows of `mcp_sessions`, shared by all of them. */
const openSessions = async () => (await h.auth.database.query<{ n: number }>('select count(*)::int as n from mcp_sessions'))[0]!.n;

/** A raw POST with a Host header of our choosing (fetch does not let us set Host). */
function postWithHost(host: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(h.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(initialize));
  });
}

describe('Origin and Host (DNS rebinding)', () => {
  it('refuses a foreign Origin with 403 before anything else, opening no session', async () => {
    const [ada] = users;
    const before = await openSessions();
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
      const res = await h.post(initialize, { ...manaHeaders(ada!.token, ada!.spaceId), origin });
      expect(res.status, origin).toBe(403);
      expect(((await res.json()) as { error: { data: { code: string } } }).error.data.code).toBe('FORBIDDEN');
    }
    expect(await openSessions()).toBe(before);
  });

  it('refuses a rebound Host name on a loopback listener with 403; loopback names pass', async () => {
    const [ada] = users;
    expect(await postWithHost('evil.example', manaHeaders(ada!.token, ada!.spaceId))).toBe(403);
    expect(await postWithHost(`localhost:${new URL(h.endpoint).port}`, { origin: 'https://app.mana.example' })).toBe(401);
  });

  it('reads MCP_ALLOWED_ORIGINS and MCP_ALLOWED_HOSTS', () => {
    const config = loadMcpConfig({ MCP_ALLOWED_ORIGINS: 'https://A.example/, http://b.example:8080', MCP_ALLOWED_HOSTS: 'MCP.example, other' });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(config.allowedHosts).toEqual(['mcp.example', 'other']);
  });
});

describe('global session cap (regression: 20 sign-ups x 50 sessions = 1,000 sessions)', () => {
  it('answers 429 beyond MCP_MAX_SESSIONS open sessions of all users, and accepts again once one ends', async () => {
    const [a, b, c] = users;
    const first = await h.connect(a!.token, a!.spaceId);
    const second = await h.connect(b!.token, b!.spaceId);
    const refused = await h.post(initialize, manaHeaders(c!.token, c!.spaceId));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('MCP_MAX_SESSIONS');
    expect(await openSessions()).toBe(2);
    await first.transport.terminateSession();
    await first.client.close();
    const third = await h.connect(c!.token, c!.spaceId);
    expect(third.transport.sessionId).toBeTruthy();
    await second.client.close();
    await third.client.close();
  });
});
