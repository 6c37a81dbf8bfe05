/**
 * The shared harness of mana-mcp's integration tests: a real mana-auth (its own
 * test harness, served over loopback so the JWKS is fetched over HTTP) and a real
 * mana-mcp listening on port 0, on one fresh test database, with a clock tests
 * can move forward. One harness per test file; close it in afterAll.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createLogger } from '@mana/core';
import { createAuthHarness, serveOnLoopback, type AuthHarness } from '@mana/auth/testing';
import type { ToolRegistry } from '@mana/tools';
import { loadMcpConfig } from '../config';
import type { FaultDice } from '../faults/fault-dice';
import { startMcpServer, type RunningMcpServer } from '../server';

/** A signed-up user with a fresh JWT and their personal space. */
export interface TestUser {
  userId: string;
  email: string;
  password: string;
  token: string;
  spaceId: string;
}

export interface McpHarness {
  auth: AuthHarness;
  /** Loopback URL mana-auth is served on. */
  authUrl: string;
  server: RunningMcpServer;
  /** `${server.url}/mcp`. */
  endpoint: string;
  /** Moves the clock of both services forward. */
  advance(ms: number): void;
  now(): Date;
  /** Signs a user up through Better Auth and logs in for a JWT. */
  user(label?: string): Promise<TestUser>;
  /** An SDK client connected (initialized) with the user's bearer token and a space. */
  connect(token: string, spaceId: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }>;
  /** A raw HTTP request to `/mcp` with the given headers. */
  post(body: unknown, headers: Record<string, string>, method?: string): Promise<Response>;
  close(): Promise<void>;
}

export interface McpHarnessOptions {
  /** Extra mana-mcp environment (MCP_FAULTS, MCP_RATE_LIMIT_PER_MINUTE, ...). */
  env?: Record<string, string>;
  random?: FaultDice;
  registry?: ToolRegistry;
}

/** Headers every MCP request of a user carries. */
export function manaHeaders(token: string, spaceId: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'x-mana-space': spaceId };
}

/** Starts mana-auth and mana-mcp on loopback on one test database. */
export async function createMcpHarness(options: McpHarnessOptions = {}): Promise<McpHarness> {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const auth = await createAuthHarness({ now });
  const authServer = await serveOnLoopback(auth.app);
  const authUrl = authServer.url;

  const config = loadMcpConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MANA_AUTH_URL: authUrl,
    MCP_JWT_ISSUER: auth.config.baseUrl,
    MCP_JWKS_COOLDOWN_MS: '0',
    ...options.env,
  });
  const server = await startMcpServer({ config, database: auth.database, now, log: createLogger('mana-mcp'), registry: options.registry, random: options.random, sweep: false });
  const endpoint = `${server.url}/mcp`;
  let counter = 0;

  return {
    auth,
    authUrl,
    server,
    endpoint,
    advance: (ms) => {
      offsetMs += ms;
    },
    now,
    async user(label = 'user') {
      const email = `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}@mana.test`;
      const { userId, password } = await auth.signUp(email);
      const login = await auth.login(email, password);
      return { userId, email, password, token: login.accessToken, spaceId: login.personalSpaceId };
    },
    async connect(token, spaceId) {
      const transport = new StreamableHTTPClientTransport(new URL(endpoint), { requestInit: { headers: manaHeaders(token, spaceId) } });
      const client = new Client({ name: 'mana-mcp-test', version: '0' });
      await client.connect(transport);
      return { client, transport };
    },
    post(body, headers, method = 'POST') {
      return fetch(endpoint, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
      });
    },
    async close() {
      await server.close();
      await authServer.close();
      await auth.close();
    },
  };
}
