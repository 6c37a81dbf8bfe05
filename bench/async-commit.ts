/**
 * What a synchronous commit costs a one-row write on this machine, next to `asyncCommit`
 * (`synchronous_commit = off` for the statement's own transaction): N single-row inserts on one
 * connection (a named statement, as the services send it), wall time per insert and the backend's CPU
 * per insert (from /proc/<backend pid>/stat), the two ways alternating, medians. PostgreSQL only
 * (PGlite has no WAL flush to wait for).
 *
 *   DATABASE_URL=postgres://… npx tsx bench/async-commit.ts [inserts=1000] [rounds=5]
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { asyncCommit } from '@mana/db';
import { PgDialect } from 'drizzle-orm/pg-core';
import { processCpuMs } from './lib/process-cpu';
import { median } from './lib/stats';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a PostgreSQL database the bench may create a scratch table in)');
  process.exit(2);
}
const INSERTS = Number(process.argv[2] ?? 1_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const ASYNC = new PgDialect().sqlToQuery(sql`${asyncCommit}`).sql;

const client = new pg.Client(url);
await client.connect();
const backendPid = Number((await client.query('select pg_backend_pid() as pid')).rows[0].pid);
const backendCpuMs = () => processCpuMs(backendPid); // 100 Hz ticks
await client.query('create table if not exists bench_async_commit (id bigserial primary key, v int not null)');

const ways = {
  synchronous: 'insert into bench_async_commit (v) values ($1) returning id',
  asyncCommit: `insert into bench_async_commit (v) values ($1) returning id, ${ASYNC}`,
};
const results = new Map<string, { wall: number[]; backend: number[] }>(Object.keys(ways).map((k) => [k, { wall: [], backend: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, text] of Object.entries(ways)) {
    const cpu = backendCpuMs();
    const started = performance.now();
    for (let i = 0; i < INSERTS; i++) await client.query({ name: `bench_${name}`, text, values: [i] });
    const wall = performance.now() - started;
    results.get(name)!.wall.push((wall * 1000) / INSERTS);
    results.get(name)!.backend.push(((backendCpuMs() - cpu) * 1000) / INSERTS);
  }
}
await client.query('drop table bench_async_commit');
await client.end();

console.log(`async commit — ${new Date().toISOString()}, ${INSERTS} inserts × ${ROUNDS} rounds, µs per insert (median; backend CPU at 10 ms resolution per round)`);
for (const [name, { wall, backend }] of results)
  console.log(`${name.padEnd(12)} wall ${median(wall).toFixed(0).padStart(5)} µs   backend CPU ${median(backend).toFixed(0).padStart(4)} µs`);
