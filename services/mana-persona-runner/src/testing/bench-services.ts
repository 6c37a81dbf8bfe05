/**
 * mana-auth and mana-mcp for the runner benchmarks, in their own process so the
 * runner's CPU is measured alone: `tsx services/mana-persona-runner/src/testing/bench-services.ts`.
 * Uses a fresh PostgreSQL database when DATABASE_URL is set, else PGlite in memory.
 * Line protocol on stdin/stdout: it prints `{"ready":{authUrl,mcpUrl,serviceKey}}`, then for each
 * `seed <n>` line signs n personas up (derived passwords, 8 at a time) and prints `{"seeded":[emails]}`.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { createLogger } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { manaRegistry } from '@mana/tools';
import { createApp, createAuthContext, loadAuthConfig } from '@mana/auth';
import { loadMcpConfig, startMcpServer } from '@mana/mcp';
import { signUpPersonas } from './sign-up-personas';

const log = createLogger('bench-services', { level: 'silent' });

async function openDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return createDatabase({ dataDir: 'memory://' });
  const name = `mana_runner_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return createDatabase({ url: target.toString() });
}

const database = await openDatabase();
const config = loadAuthConfig({ NODE_ENV: 'test', MANA_AUTH_URL: 'http://mana-auth.bench' });
const app = createApp(createAuthContext({ config, database, registry: manaRegistry, log, now: () => new Date() }));
const auth = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => auth.once('listening', () => resolve()));
const authUrl = `http://127.0.0.1:${(auth.address() as AddressInfo).port}`;
const mcpConfig = loadMcpConfig({ NODE_ENV: 'test', PORT: '0', MANA_AUTH_URL: authUrl, MCP_JWT_ISSUER: config.baseUrl, MCP_RATE_LIMIT_PER_MINUTE: '100000' });
const mcp = await startMcpServer({ config: mcpConfig, database, log, sweep: false });
process.stdout.write(`${JSON.stringify({ ready: { authUrl, mcpUrl: `${mcp.url}/mcp`, serviceKey: config.serviceKey } })}\n`);

let counter = 0;
async function seed(n: number): Promise<string[]> {
  const emails = Array.from({ length: n }, () => `persona.bench${++counter}-${randomBytes(3).toString('hex')}@mana.test`);
  await signUpPersonas(app, database, emails, { archetype: 'bench', systemPrompt: 'Du bist eine Benchmark-Persona, die ihren Tag plant.', cadence: 'hourly' });
  return emails;
}

for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'seed') process.stdout.write(`${JSON.stringify({ seeded: await seed(Number(arg)) })}\n`);
  if (command === 'quit') break;
}
await mcp.close();
auth.close();
await database.close();
process.exit(0);
