import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { derivePersonaPassword } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { loadMcpConfig } from './config';
import { createMcpHarness, manaHeaders, type McpHarness, type TestUser } from './testing/harness';

/**
 * Issue 10 §2.5 / §3 on a real mana-mcp: foreign Origin and rebound Host are
 * 403 (MCP spec, DNS rebinding), and the caps on open sessions (counted in
 * PostgreSQL over every replica; issue 24 §3): 429 beyond them unless an idle
 * session can be ended, a share kept for personas, and a gauge that counts now.
 */
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } };
let h: McpHarness;
let users: TestUser[];

beforeAll(async () => {
  // Six sessions: three for users other than personas, three kept for personas; two per user.
  h = await createMcpHarness({
    env: { MCP_MAX_SESSIONS: '6', MCP_PERSONA_SESSION_SHARE: '0.5', MCP_MAX_SESSIONS_PER_USER: '2', MCP_ALLOWED_ORIGINS: 'https://app.mana.example' },
  });
  users = [await h.user('s1'), await h.user('s2'), await h.user('s3')];
});
afterAll(async () => h?.close());

/** A persona created through the admin API and logged in with its derived password (a user of kind `persona`). */
async function persona(): Promise<TestUser> {
  const admin = await h.auth.admin();
  const [module] = manaRegistry.moduleIds();
  const email = `persona-${Math.random().toString(36).slice(2, 10)}@mana.test`;
  const definition = {
    name: 'Lena',
    email,
    archetype: 'ceo-busy',
    systemPrompt: 'Du bist Lena, 44, Geschäftsführerin einer Agentur in Hamburg.',
    moduleMix: { [module!]: 1 },
    tickCadence: 'daily',
    timeZone: 'Europe/Berlin',
    locale: 'de-DE',
  };
  const created = await h.auth.request('/api/v1/admin/personas', { method: 'PUT', json: definition, headers: { authorization: `Bearer ${admin.accessToken}` } });
  expect(created.status).toBe(200);
  const password = derivePersonaPassword(h.auth.config.personaSeedSecret, email);
  const login = await h.auth.login(email, password);
  expect(login.user.kind).toBe('persona');
  return { userId: login.user.id, email, password, token: login.accessToken, spaceId: login.personalSpaceId };
}

/** Open sessions of every replica: the caps count rows of `mcp_sessions`, shared by all of them. */
const openSessions = async () => (await h.auth.database.query<{ n: number }>('select count(*)::int as n from mcp_sessions'))[0]!.n;

/** A raw POST with a Host header of our choosing (fetch does not let us set Host). */
function postWithHost(host: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(h.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
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

describe('session caps (issue 24 §3: 41 accounts × 50 initializes took all 2,000 sessions in 7.8 s)', () => {
  beforeEach(async () => {
    await h.auth.database.query('delete from mcp_sessions');
  });

  /** Opens raw sessions (no background stream: a session's last use is its initialize) until one is refused; returns how many opened and the refusal. */
  async function fill(user: TestUser): Promise<{ opened: number; refused: Response }> {
    for (let opened = 0; ; opened++) {
      const res = await h.post(initialize, manaHeaders(user.token, user.spaceId));
      if (res.status !== 200) return { opened, refused: res };
      await res.arrayBuffer();
    }
  }
  const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

  it('many accounts filling the cap keep out neither a persona nor, once their sessions are idle, an unrelated user', async () => {
    const attackers = [users[0]!, users[1]!, await h.user('s4'), await h.user('s5')];
    let opened = 0;
    for (const attacker of attackers) opened += (await fill(attacker)).opened;
    // Users other than personas hold at most MCP_MAX_SESSIONS less the personas' share: 6 - 3.
    expect(opened).toBe(3);
    const refused = await h.post(initialize, manaHeaders(users[2]!.token, users[2]!.spaceId));
    expect(refused.status).toBe(429);
    expect(await message(refused)).toMatch(/3 open sessions users other than personas may have together \(none idle for 60 s\)/);

    // The personas' share is theirs: a persona opens at once, up to its own cap.
    const lena = await persona();
    expect((await fill(lena)).opened).toBe(2);
    expect(await openSessions()).toBe(5);

    // A minute without a request (plus the idle mark's granularity) makes the attackers' sessions evictable: the newcomer gets in.
    h.advance(2 * 60_000);
    try {
      const unrelated = await h.post(initialize, manaHeaders(users[2]!.token, users[2]!.spaceId));
      expect(unrelated.status).toBe(200);
      expect(await openSessions()).toBe(5);
      expect(await h.server.mcp.metrics.registry.metrics()).toMatch(/mana_mcp_sessions_closed_total\{reason="evicted"\} 1/);
    } finally {
      h.advance(-2 * 60_000);
    }
  });

  it('answers 429 beyond MCP_MAX_SESSIONS open sessions of all users, and accepts again once one ends', async () => {
    const sessions = [];
    for (const user of users) sessions.push(await h.connect(user.token, user.spaceId));
    const lena = await persona();
    expect((await fill(lena)).opened).toBe(2);
    const kai = await persona();
    const { opened, refused } = await fill(kai);
    expect(opened).toBe(1);
    expect(refused.status).toBe(429);
    expect(await message(refused)).toContain('MCP_MAX_SESSIONS');
    expect(await openSessions()).toBe(6);
    await sessions[0]!.transport.terminateSession();
    const again = await h.post(initialize, manaHeaders(kai.token, kai.spaceId));
    expect(again.status).toBe(200);
    for (const { client } of sessions) await client.close();
  });

  it('/health and mana_mcp_active_sessions count the sessions open right now, not as of the last sweep', async () => {
    const gauge = async () => Number(/^mana_mcp_active_sessions (\S+)$/m.exec(await (await fetch(`${h.server.url}/metrics`)).text())?.[1]);
    const health = async () => ((await (await fetch(`${h.server.url}/health`)).json()) as { sessions: number }).sessions;
    const [a, b] = users;
    const first = await h.connect(a!.token, a!.spaceId);
    const second = await h.connect(b!.token, b!.spaceId);
    expect(await openSessions()).toBe(2);
    expect(await health()).toBe(2);
    expect(await gauge()).toBe(2);
    await first.transport.terminateSession();
    expect(await openSessions()).toBe(1);
    expect(await health()).toBe(1);
    expect(await gauge()).toBe(1);
    await first.client.close();
    await second.client.close();
  });
});
