/**
 * Internal persona API on PostgreSQL at 10k and 100k personas: `POST /claim`
 * and `GET /due` p50/p99, a 500-row `POST /:id/actions` batch p50, and the
 * EXPLAIN plans of the due scan. In process (Hono `app.request`, no network),
 * on a fresh database that is dropped afterwards.
 * Run: `npx tsx bench/personas-internal-api.ts` (DATABASE_URL or the local default server).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { createLogger } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { manaRegistry } from '@mana/tools';
import { createApp, createAuthContext, loadAuthConfig } from '@mana/auth';
import { insertPersonaPopulation } from '@mana/persona-store/testing';
import { percentile } from './lib/stats';

const SERVER = process.env.DATABASE_URL ?? 'postgres://mana:mana@127.0.0.1:5432/postgres';
const SIZES = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const ITERATIONS = 200;
const CLOCK = new Date('2026-01-07T10:00:00Z'); // a Wednesday in every fixture zone

/** Wall-clock percentiles plus this process's CPU per request (less sensitive to a busy machine than wall time). */
function summary(name: string, samples: number[], cpu: NodeJS.CpuUsage): string {
  const s = [...samples].sort((a, b) => a - b);
  const cpuMs = (cpu.user + cpu.system) / 1000 / s.length;
  return `${name.padEnd(34)} n=${String(s.length).padEnd(4)} p50=${percentile(s, 50).toFixed(2)} ms  p99=${percentile(s, 99).toFixed(2)} ms  node-cpu=${cpuMs.toFixed(2)} ms/req`;
}

async function timed(samples: number[], run: () => Promise<Response>): Promise<unknown> {
  const start = performance.now();
  const res = await run();
  const body = await res.json();
  samples.push(performance.now() - start);
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `mana_bench_personas_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    // Without FORCE: killing the pool's closing connections would crash the process with an unhandled pool error.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`drop database if exists "${name}"`);
        break;
      } catch (error) {
        // biome-ignore lint/correctness/noUnsafeFinally: a database that cannot be dropped after 20 tries is the run's real error
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await admin.end();
  }
}

async function explain(database: Database, label: string, sql: string, params?: unknown[]): Promise<void> {
  const rows = await database.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${sql}`, params);
  console.log(`  EXPLAIN ${label}:`);
  for (const r of rows) console.log(`    ${r['QUERY PLAN']}`);
}

async function benchSize(size: number): Promise<void> {
  await withDatabase(async (url) => {
    const database = await createDatabase({ url });
    try {
      const seeded = performance.now();
      await insertPersonaPopulation(database, 'b', size);
      await database.query('analyze');
      console.log(`\n${size.toLocaleString('en')} personas (bulk insert ${((performance.now() - seeded) / 1000).toFixed(1)} s)`);

      const config = loadAuthConfig({ NODE_ENV: 'test', MANA_AUTH_URL: 'http://mana-auth.bench' });
      const app = createApp(createAuthContext({ config, database, registry: manaRegistry, log: createLogger('bench', { level: 'error' }), now: () => CLOCK }));
      const headers = { 'x-service-key': config.serviceKey, 'content-type': 'application/json' };
      const post = async (path: string, body: unknown) => app.request(`/api/v1/internal/personas${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

      let cpu = process.cpuUsage();
      const due: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) await timed(due, async () => app.request('/api/v1/internal/personas/due?limit=100', { headers }));
      console.log(summary('GET /due?limit=100', due, process.cpuUsage(cpu)));
      cpu = process.cpuUsage();

      const claim: number[] = [];
      let tick: { tickId: string; persona: { userId: string } } | undefined;
      for (let i = 0; i < ITERATIONS; i++) {
        const body = (await timed(claim, () => post('/claim', { runnerId: `bench-${i % 4}`, limit: 10, leaseMs: 600_000 }))) as { claims: (typeof tick)[] };
        tick ??= body.claims[0];
      }
      console.log(summary('POST /claim limit=10', claim, process.cpuUsage(cpu)));
      if (!tick) throw new Error('nothing was claimed');

      const actions: number[] = [];
      cpu = process.cpuUsage();
      for (let i = 0; i < 30; i++) {
        const batch = Array.from({ length: 500 }, (_, j) => ({
          tickId: tick!.tickId,
          callId: `i${i}-c${j}`,
          toolName: 'todo_create',
          inputHash: 'h',
          result: 'ok',
          latencyMs: 12,
        }));
        await timed(actions, () => post(`/${tick!.persona.userId}/actions`, { actions: batch }));
      }
      console.log(summary('POST /:id/actions (500 rows)', actions, process.cpuUsage(cpu)));

      await database.query('analyze');
      const now = `'${CLOCK.toISOString()}'::timestamptz`;
      await explain(
        database,
        'due scan',
        `select p.user_id from personas p join users u on u.id = p.user_id where p.next_due_at <= ${now} order by p.next_due_at, p.user_id limit 10 for update of p skip locked`,
      );
      await explain(
        database,
        'next_due update',
        `update personas p set next_due_at = r.t::timestamptz from unnest('{b000001,b000002}'::text[], '{2026-01-08T00:00:00Z,2026-01-08T00:00:00Z}'::text[]) as r(id, t) where p.user_id = r.id`,
      );
      const rows = Array.from({ length: 500 }, (_, j) => ({
        id: `explain-${j}`,
        tick_id: tick.tickId,
        call_id: `e${j}`,
        tool_name: 'todo_create',
        module: 'todo',
        input_hash: 'h',
        result: 'ok',
        error_message: null,
        latency_ms: 3,
      }));
      await explain(
        database,
        '500-row actions insert',
        `insert into persona_actions (id, persona_id, tick_id, call_id, tool_name, module, input_hash, result, error_message, latency_ms)
         select r.id, $2, r.tick_id, r.call_id, r.tool_name, r.module, r.input_hash, r.result, r.error_message, r.latency_ms
         from jsonb_to_recordset($1::jsonb) as r(id text, tick_id text, call_id text, tool_name text, module text, input_hash text, result text, error_message text, latency_ms integer)
         on conflict (id) do nothing returning id`,
        [JSON.stringify(rows), tick.persona.userId],
      );
      await explain(database, 'tick lookup', `select id from persona_ticks where id = any('{tick_a,tick_b}'::text[]) for update`);
    } finally {
      await database.close();
    }
  });
}

console.log(
  `personas internal API bench — ${new Date().toISOString()} — node ${process.version} — ${os.cpus().length} cores — load ${os.loadavg()[0].toFixed(1)} — ${SERVER.replace(/\/\/[^@]*@/, '//')}`,
);
for (const size of SIZES) await benchSize(size);
