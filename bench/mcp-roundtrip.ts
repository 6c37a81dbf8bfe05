/**
 * tools/call round trip over MCP (Streamable HTTP on loopback, bearer JWT
 * verified against a real mana-auth JWKS, space membership check, policy gate)
 * next to calling the same tool directly through `registry.invoke`, for a read
 * tool (todo_list) and a write tool (todo_create), with one reused session.
 *
 *   npx tsx bench/mcp-roundtrip.ts                 # PGlite in memory
 *   DATABASE_URL=postgres://... npx tsx bench/mcp-roundtrip.ts
 *   BENCH_ITERATIONS=2000 npx tsx bench/mcp-roundtrip.ts
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createLogger } from '@mana/core';
import { JWT_AUDIENCE, loginResponse } from '@mana/contracts';
import { createDatabase } from '@mana/db';
import { loadAuthConfig, startAuthServer } from '@mana/auth';
import { createJwtVerifier, loadMcpConfig, startMcpServer } from '@mana/mcp';
import { manaRegistry } from '@mana/tools';
import { percentile } from './lib/stats';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 1000);
const rounds = 5;
/** Untimed calls per path before measuring: the MCP path (SDK, zod, undici) needs a few hundred calls to be JIT-warm. */
const warmup = 500;
const silent = createLogger('bench', { level: 'silent' });
const ISSUER = 'http://mana-auth.bench';

const stats = (samples: number[]) => ({ p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length });
const fmt = (ms: number) => ms.toFixed(3).padStart(8);

async function time(fn: () => Promise<unknown>, n: number, into: number[]) {
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    into.push(performance.now() - started);
  }
}

async function main() {
  const database = await createDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: 'memory://' });
  const auth = await startAuthServer({ config: { ...loadAuthConfig({ NODE_ENV: 'test', MANA_AUTH_URL: ISSUER }), port: 0, host: '127.0.0.1' }, database, log: silent });
  const mcpConfig = loadMcpConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MANA_AUTH_URL: auth.url,
    MCP_JWT_ISSUER: ISSUER,
    MCP_RATE_LIMIT_PER_MINUTE: '1000000000',
    // e.g. MCP_TOKEN_CACHE_MS=0 to measure verifying on every request (membership is read with the session, every request)
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key === 'MCP_TOKEN_CACHE_MS')),
  });
  const mcp = await startMcpServer({ config: mcpConfig, database, log: silent });

  const email = `bench-${randomBytes(4).toString('hex')}@mana.test`;
  const password = 'bench-password-0123456789';
  const signUp = await fetch(`${auth.url}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ISSUER },
    body: JSON.stringify({ email, password, name: 'Bench' }),
  });
  if (!signUp.ok) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);
  const loginRes = await fetch(`${auth.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const login = loginResponse.parse(await loginRes.json());
  const headers = { authorization: `Bearer ${login.accessToken}`, 'x-mana-space': login.personalSpaceId };

  /** One SDK client and session per case, reused for all of that case's calls. */
  const connect = async () => {
    const client = new Client({ name: 'bench', version: '0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`), { requestInit: { headers } });
    await client.connect(transport);
    await client.listTools();
    const sessionHeaders = {
      ...headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': transport.sessionId!,
      'mcp-protocol-version': transport.protocolVersion ?? '2025-06-18',
    };
    return { client, sessionHeaders };
  };
  const ctx = { userId: login.user.id, spaceId: login.personalSpaceId, db: database.db, log: silent, now: () => new Date(), timeZone: 'UTC' };

  const allCases = [
    { label: 'read  todo_list  ', tool: 'todo_list', args: () => ({ limit: 10 }) },
    { label: 'write todo_create', tool: 'todo_create', args: () => ({ title: 'Bench todo', priority: 'low' }) },
  ];
  // BENCH_REVERSE=1 runs the write case first, to see whether the order (a colder process) matters.
  const cases = process.env.BENCH_REVERSE ? [...allCases].reverse() : allCases;
  for (let i = 0; i < 20; i++) await manaRegistry.invoke('todo_create', { title: `Seed ${i}` }, ctx);

  console.log(`mcp-roundtrip: ${new Date().toISOString()} node ${process.version}, db ${database.kind}, ${iterations} calls per case in ${rounds} alternating rounds`);
  console.log(`token cache ${mcpConfig.tokenCacheMs} ms`);
  type Stats = ReturnType<typeof stats>;
  const results: Array<{ label: string; direct: Stats; mcp: Stats; app: Stats; raw: Stats }> = [];
  for (const c of cases) {
    const { client, sessionHeaders } = await connect();
    const direct: number[] = [];
    const overMcp: number[] = [];
    const inProcess: number[] = [];
    const rawHttp: number[] = [];
    let id = 1000;
    // The same JSON-RPC request handed to the Hono app without a socket or the client SDK: the server's own share.
    const viaApp = async () => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: c.tool, arguments: c.args() } });
      const response = await mcp.mcp.app.request('/mcp', { method: 'POST', headers: sessionHeaders, body });
      const json = (await response.json()) as { result?: { isError?: boolean } };
      if (!json.result || json.result.isError) throw new Error(JSON.stringify(json));
    };
    // The same request over loopback HTTP with plain fetch: HTTP + server, without the SDK client's own work.
    const viaFetch = async () => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: c.tool, arguments: c.args() } });
      const response = await fetch(`${mcp.url}/mcp`, { method: 'POST', headers: sessionHeaders, body });
      const json = (await response.json()) as { result?: { isError?: boolean } };
      if (!json.result || json.result.isError) throw new Error(JSON.stringify(json));
    };
    const viaRegistry = () => manaRegistry.invoke(c.tool, c.args(), ctx);
    const viaMcp = async () => {
      const result = await client.callTool({ name: c.tool, arguments: c.args() });
      if (result.isError) throw new Error(JSON.stringify(result.content));
    };
    await time(viaRegistry, warmup, []);
    await time(viaMcp, warmup, []);
    await time(viaApp, warmup, []);
    await time(viaFetch, warmup, []);
    for (let r = 0; r < rounds; r++) {
      await time(viaRegistry, iterations / rounds, direct);
      await time(viaMcp, iterations / rounds, overMcp);
      await time(viaApp, iterations / rounds, inProcess);
      await time(viaFetch, iterations / rounds, rawHttp);
    }
    results.push({ label: c.label, direct: stats(direct), mcp: stats(overMcp), app: stats(inProcess), raw: stats(rawHttp) });
    await client.close();
  }

  // The two per-request costs of the HTTP edge, alone.
  const verifier = createJwtVerifier({ jwksUrl: mcpConfig.jwksUrl, issuer: ISSUER, audience: JWT_AUDIENCE, cooldownMs: 30_000, now: () => new Date() });
  const verify: number[] = [];
  await time(() => verifier.verify(login.accessToken), warmup, []);
  await time(() => verifier.verify(login.accessToken), iterations, verify);
  const membership: number[] = [];
  // The membership lookup alone (mana-mcp reads it with the session row, in the same statement).
  const isMember = () => database.query('select 1 from members where user_id = $1 and organization_id = $2 limit 1', [login.user.id, login.personalSpaceId]);
  await time(isMember, iterations, membership);

  console.log('\n(ms)                        p50      p99   ratio p50   overhead p50');
  for (const r of results) {
    const row = (name: string, x: Stats) =>
      console.log(`${r.label} ${name.padEnd(10)} ${fmt(x.p50)} ${fmt(x.p99)}   ${(x.p50 / r.direct.p50).toFixed(2).padStart(6)}x     ${fmt(x.p50 - r.direct.p50)}`);
    row('direct', r.direct);
    row('sdk-client', r.mcp);
    row('raw-http', r.raw);
    row('in-process', r.app);
  }
  console.log(
    'direct = registry.invoke; sdk-client = SDK Client + StreamableHTTPClientTransport over loopback; raw-http = the same JSON-RPC POST with fetch; in-process = app.request() (no socket)',
  );
  const v = stats(verify);
  const m = stats(membership);
  console.log(`\nparts: JWT verify (cached JWKS) p50 ${v.p50.toFixed(3)} ms p99 ${v.p99.toFixed(3)} ms; membership query p50 ${m.p50.toFixed(3)} ms p99 ${m.p99.toFixed(3)} ms`);
  const met = (pick: (r: (typeof results)[number]) => Stats) => (results.every((r) => pick(r).p50 - r.direct.p50 <= 2) ? 'met' : 'NOT met');
  console.log(`target: MCP + HTTP + auth add <= 2 ms p50 -> sdk-client ${met((r) => r.mcp)}, raw-http ${met((r) => r.raw)}`);

  await mcp.close();
  await auth.close();
  await database.close();
}

await main();
