/**
 * Sign-up and login latency of mana-auth, in process (Hono `app.request`, no
 * network), on a fresh PGlite database and, when DATABASE_URL is set, on a
 * fresh PostgreSQL database. Run: `npx tsx bench/auth-signup-login.ts [n]`.
 * Sequential requests measure latency; a concurrent run (8 in flight)
 * measures throughput. Password hashing (scrypt) is part of both.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { createLogger } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { manaRegistry } from '@mana/tools';
import { createApp, createAuthContext, loadAuthConfig } from '@mana/auth';
import { percentile } from './lib/stats';

const N = Number(process.argv[2] ?? 100);
const CONCURRENCY = 8;
const PASSWORD = 'correct-horse-battery-staple';

function summary(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `${name.padEnd(22)} n=${s.length}  p50=${percentile(s, 50).toFixed(1)} ms  p99=${percentile(s, 99).toFixed(1)} ms  mean=${mean.toFixed(1)} ms`;
}

async function bench(label: string, database: Database): Promise<void> {
  const config = loadAuthConfig({ NODE_ENV: 'test', MANA_AUTH_URL: 'http://bench.local' });
  const ctx = createAuthContext({ config, database, registry: manaRegistry, log: createLogger('bench', { level: 'silent' }), now: () => new Date() });
  const app = createApp(ctx);
  const { password } = await ctx.auth.$context;
  const post = async (path: string, body: unknown): Promise<Response> =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const timed = async (fn: () => Promise<Response>): Promise<number> => {
    const start = performance.now();
    const res = await fn();
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return ms;
  };
  const email = (i: number, run: string) => `bench.user.${run}.${i}@mana.test`;
  const signUp = (e: string) => post('/api/auth/sign-up/email', { email: e, password: PASSWORD, name: 'Bench' });
  const login = (e: string) => post('/api/v1/auth/login', { email: e, password: PASSWORD });

  for (let i = 0; i < 5; i += 1) await timed(() => signUp(email(i, 'warm'))).then(() => timed(() => login(email(i, 'warm'))));

  const hashes: number[] = [];
  for (let i = 0; i < Math.min(N, 50); i += 1) {
    const start = performance.now();
    await password.hash(PASSWORD);
    hashes.push(performance.now() - start);
  }

  const signUps: number[] = [];
  const logins: number[] = [];
  for (let i = 0; i < N; i += 1) signUps.push(await timed(() => signUp(email(i, 'seq'))));
  for (let i = 0; i < N; i += 1) logins.push(await timed(() => login(email(i, 'seq'))));

  const throughput = async (op: (i: number) => Promise<Response>): Promise<number> => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) await timed(() => op(next++));
      }),
    );
    return N / ((performance.now() - start) / 1000);
  };
  const signUpRate = await throughput((i) => signUp(email(i, 'par')));
  const loginRate = await throughput((i) => login(email(i, 'par')));

  console.log(`\n## ${label}`);
  console.log(summary('password hash alone', hashes));
  console.log(summary('sign-up (sequential)', signUps));
  console.log(summary('login (sequential)', logins));
  console.log(`sign-up throughput     ${signUpRate.toFixed(1)} /s with ${CONCURRENCY} in flight`);
  console.log(`login throughput       ${loginRate.toFixed(1)} /s with ${CONCURRENCY} in flight`);
}

console.log(`mana-auth sign-up/login bench — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);

const pglite = await createDatabase({ dataDir: 'memory://' });
await bench('PGlite (in memory)', pglite);
await pglite.close();

const url = process.env.DATABASE_URL;
if (url) {
  const name = `mana_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  try {
    const postgres = await createDatabase({ url: target.toString() });
    await bench('PostgreSQL 15 (local)', postgres);
    await postgres.close();
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin.query(`drop database if exists "${name}"`).catch((error: unknown) => console.error(`could not drop ${name}:`, String(error)));
    await admin.end();
  }
} else {
  console.log('\n(DATABASE_URL unset: PostgreSQL skipped)');
}
