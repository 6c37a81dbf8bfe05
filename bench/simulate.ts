/**
 * `npm run simulate`'s speed: N personas over D simulated days on PGlite and on
 * PostgreSQL, through `simulate()` exactly as the command runs it (fresh database
 * each: a temporary PGlite folder, a temporary PostgreSQL database dropped after).
 * Reports set-up (migrations + persona seeding) apart from the simulated days,
 * wall time, persona-days/s, ticks/s, and the CPU split: mana-auth, mana-mcp and
 * the runner share this one process (PGlite too); PostgreSQL's backends are read
 * from /proc. For a split between the services inside the process, run it under
 * `node --cpu-prof` and aggregate with `bench/cpu-profile-split.ts`.
 * Run: `node --import tsx bench/simulate.ts [days=30] [personas=200] [pglite|postgres|both] [concurrency=16]`
 * (PostgreSQL: BENCH_DATABASE_URL, default postgres://mana_ci:mana_ci@127.0.0.1:5432/mana_ci).
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import { createDatabase } from '@mana/db';
import { simulate, type SimulationSummary } from '@mana/simulate';

const DAYS = Number(process.argv[2] ?? 30);
const PERSONAS = Number(process.argv[3] ?? 200);
const KINDS = (process.argv[4] ?? 'both') === 'both' ? ['pglite', 'postgres'] : [process.argv[4]!];
const CONCURRENCY = Number(process.argv[5] ?? 16);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://mana_ci:mana_ci@127.0.0.1:5432/mana_ci';
const env = { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'warn' };

async function onPglite(): Promise<{ summary: SimulationSummary; setupMs: number }> {
  const dataDir = `.tmp/bench-simulate-${process.pid}`;
  try {
    const t0 = performance.now();
    const database = await createDatabase({ dataDir });
    const setupStart = performance.now();
    const summary = await simulate({ database, days: DAYS, personas: PERSONAS, seed: 1, concurrency: CONCURRENCY, env, onDay: progress });
    const setupMs = performance.now() - setupStart - summary.wallMs + (setupStart - t0);
    await database.close();
    return { summary, setupMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<{ summary: SimulationSummary; setupMs: number }> {
  const name = `sim_bench_${process.pid}`;
  const admin = await createDatabase({ url: ADMIN_URL, migrate: false, poolSize: 1 });
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const t0 = performance.now();
    const database = await createDatabase({ url: url.toString(), poolSize: 20 });
    const setupStart = performance.now();
    const summary = await simulate({ database, days: DAYS, personas: PERSONAS, seed: 1, concurrency: CONCURRENCY, env, onDay: progress });
    const setupMs = performance.now() - setupStart - summary.wallMs + (setupStart - t0);
    await database.close();
    return { summary, setupMs };
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.close();
  }
}

function progress(day: { day: number; days: number; ticks: number; actions: number; wallMs: number }): void {
  process.stderr.write(`  day ${day.day}/${day.days}: ${day.ticks} ticks, ${day.actions} calls, ${(day.wallMs / 1000).toFixed(1)} s\n`);
}

console.log(
  `# bench/simulate: ${DAYS} days x ${PERSONAS} personas, concurrency ${CONCURRENCY}; node ${process.version}, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${new Date().toISOString()}`,
);
console.log(
  '| database | set-up s | simulated days s | persona-days | persona-days/s | ticks | ticks/s | tool calls | node CPU s (auth+mcp+runner[+PGlite]) | PostgreSQL backends CPU s | load after |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const kind of KINDS) {
  const { summary: s, setupMs } = kind === 'pglite' ? await onPglite() : await onPostgres();
  console.log(
    `| ${kind} | ${(setupMs / 1000).toFixed(1)} | ${(s.wallMs / 1000).toFixed(1)} | ${s.personaDays} | **${s.personaDaysPerSecond}** | ${s.ticks} (${s.failedTicks} failed) | ${s.ticksPerSecond} | ${s.actions} | ${s.cpu.processSeconds} | ${s.cpu.postgresSeconds ?? '–'} | ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} |`,
  );
}
