/**
 * What tracing costs at start-up: each service started alone (`scripts/start-service.ts`, as
 * `npm run start:*` and the PostgreSQL `npm start` run it) until it reports ready, RSS at that
 * moment, in three variants side by side, rounds interleaved:
 *   before   a tree without tracing (BENCH_BEFORE_TREE, e.g. a worktree of the previous main)
 *   off      this tree, no OTEL_* variable (tracing off: nothing of OpenTelemetry is imported)
 *   on       this tree, OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local sink
 * Needs DATABASE_URL (PostgreSQL; mana-auth and mana-mcp run alone only on it).
 * Run: `DATABASE_URL=… BENCH_BEFORE_TREE=/path node --import tsx bench/tracing-startup.ts [rounds]`.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { median } from './lib/stats';

const rounds = Number(process.argv[2] ?? 7);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required (services start alone only on PostgreSQL)');
const here = path.resolve(import.meta.dirname, '..');
const trees: Record<string, string> = { off: here, on: here };
if (process.env.BENCH_BEFORE_TREE) trees.before = path.resolve(process.env.BENCH_BEFORE_TREE);
const variants = ['before', 'off', 'on'].filter((v) => v in trees);
const services = ['auth', 'mcp', 'runner'] as const;

// A sink for the "on" variant: accepts OTLP posts (none are expected before the first request).
const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('{}')));
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

/** Starts one service in its own process; ms until it reports ready and its RSS then. */
function startOnce(tree: string, service: string, tracing: boolean): Promise<{ ms: number; rssMiB: number }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'silent',
    MANA_AUTOSEED: '0',
    RUNNER_PAUSED: '1',
    OTEL_EXPORTER_OTLP_ENDPOINT: tracing ? sinkUrl : undefined,
  };
  const started = performance.now();
  const child = fork(path.join(tree, 'scripts/start-service.ts'), [service], { cwd: tree, env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} in ${tree} not ready after 60 s`)), 60_000);
    child.on('message', (message: { type?: string }) => {
      if (message.type !== 'ready') return;
      const ms = performance.now() - started;
      clearTimeout(timer);
      const rssMiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      child.once('exit', () => resolve({ ms, rssMiB }));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => code !== 0 && code !== null && reject(new Error(`${service} exited ${code}`)));
  });
}

const results: Record<string, Record<string, { ms: number[]; rss: number[] }>> = {};
for (const v of variants) results[v] = Object.fromEntries(services.map((s) => [s, { ms: [], rss: [] }]));

console.log(`tracing start-up: ${rounds} rounds (+1 warm-up), ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
for (let round = 0; round <= rounds; round++) {
  for (const service of services) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const { ms, rssMiB } = await startOnce(trees[v]!, service, v === 'on');
      if (round === 0) continue; // warm-up: tsx's transform cache, page cache
      results[v]![service]!.ms.push(ms);
      results[v]![service]!.rss.push(rssMiB);
    }
  }
}
sink.close();
console.log(`| service | ${variants.map((v) => `${v}: ms to ready (median) | ${v}: RSS MiB`).join(' | ')} |`);
for (const service of services) {
  console.log(`| ${service} | ${variants.map((v) => `${median(results[v]![service]!.ms).toFixed(0)} | ${median(results[v]![service]!.rss).toFixed(0)}`).join(' | ')} |`);
}
console.log(`load after: ${os.loadavg()[0]!.toFixed(1)}`);
