/**
 * Start-up CPU of the three services on PostgreSQL: the TypeScript sources through tsx (what `npm run start:*` and
 * the compose example ran before issue 24) against the built JavaScript (`npm run build`; what they run with
 * NODE_ENV=production now), side by side, variants alternating within each run.
 *
 *   npm run build && BENCH_PG_URL=postgres://… npx tsx bench/start-built.ts [--before <worktree>] [--runs 3] [--port 4931]
 *
 * Each start is mana-auth, then mana-mcp, then the runner (paused), each its own process with NODE_ENV=production,
 * as in a container; a service's CPU (user + system) is taken when its /health first answers. Variants: `tsx` and
 * `tsx-nocache` run `node --import tsx scripts/start-service.ts` in the `--before` tree (default: this one), with
 * tsx's transform cache warm (a host that ran it before) and off (TSX_DISABLE_CACHE=1: a fresh container, whose
 * cache is empty at every start); `built` runs `node scripts/launch.mjs` here. A first unmeasured start migrates the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { treeCpuMs } from './lib/process-cpu';
import { median } from './lib/stats';

const { values: args } = parseArgs({ options: { before: { type: 'string', default: '.' }, runs: { type: 'string', default: '3' }, port: { type: 'string', default: '4931' } } });
const databaseUrl = process.env.BENCH_PG_URL;
if (!databaseUrl) throw new Error('BENCH_PG_URL (a PostgreSQL database the services may migrate) is required');
const PORT = Number(args.port);
const SERVICES = ['auth', 'mcp', 'runner'] as const;
type Service = (typeof SERVICES)[number];
const before = path.resolve(args.before);
const VARIANTS = {
  tsx: { cwd: before, argv: ['--import', 'tsx', 'scripts/start-service.ts'], env: {} },
  'tsx-nocache': { cwd: before, argv: ['--import', 'tsx', 'scripts/start-service.ts'], env: { TSX_DISABLE_CACHE: '1' } },
  built: { cwd: process.cwd(), argv: ['scripts/launch.mjs'], env: {} },
} satisfies Record<string, { cwd: string; argv: string[]; env: Record<string, string> }>;
type Variant = keyof typeof VARIANTS;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const port = (service: Service) => PORT + SERVICES.indexOf(service);
const env = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'error',
  RUNNER_PAUSED: '1',
  DATABASE_URL: databaseUrl,
  MANA_AUTH_URL: `http://127.0.0.1:${port('auth')}`,
  MANA_MCP_URL: `http://127.0.0.1:${port('mcp')}/mcp`,
  BETTER_AUTH_SECRET: 'bench-start-built-better-auth-secret-0123456789',
  MANA_SERVICE_KEY: 'bench-start-built-service-key-0123456789',
  PERSONA_SEED_SECRET: 'bench-start-built-seed-secret-0123456789',
};

/** Starts the three services in order; the CPU ms of each when its /health first answered. */
async function startOnce(variant: Variant): Promise<Record<Service, number>> {
  const children: ChildProcess[] = [];
  const cpu = {} as Record<Service, number>;
  try {
    for (const service of SERVICES) {
      const { cwd, argv, env: extra } = VARIANTS[variant];
      const child = spawn(process.execPath, [...argv, service], { cwd, env: { ...env, ...extra, PORT: String(port(service)) }, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      const started = performance.now();
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${variant} ${service} exited with ${child.exitCode}`);
        try {
          if ((await fetch(`http://127.0.0.1:${port(service)}/health`)).ok) break;
        } catch {
          /* not yet */
        }
        if (performance.now() - started > 120_000) throw new Error(`${variant} ${service} did not answer within 120 s`);
        await sleep(25);
      }
      cpu[service] = treeCpuMs(child.pid!);
    }
    return cpu;
  } finally {
    for (const child of children.reverse()) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
    }
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
console.log(
  `start-up CPU to /health, three services on PostgreSQL — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores (${cpuModel}), load ${os.loadavg()[0]!.toFixed(1)}`,
);
await startOnce('built');
const variants = Object.keys(VARIANTS) as Variant[];
const results = new Map(variants.map((v) => [v, [] as Record<Service, number>[]]));
for (let run = 1; run <= Number(args.runs); run++) {
  for (const variant of run % 2 ? variants : [...variants].reverse()) {
    const r = await startOnce(variant);
    results.get(variant)!.push(r);
    const total = SERVICES.reduce((sum, s) => sum + r[s], 0);
    console.log(`run ${run} ${variant.padEnd(11)} ${SERVICES.map((s) => `${s} ${seconds(r[s])}`).join(', ')}, total ${seconds(total)} s CPU, load ${os.loadavg()[0]!.toFixed(1)}`);
  }
}
for (const [variant, rs] of results) {
  const perService = SERVICES.map((s) => `${s} ${seconds(median(rs.map((r) => r[s])))}`).join(', ');
  const total = median(rs.map((r) => SERVICES.reduce((sum, s) => sum + r[s], 0)));
  console.log(`median ${variant.padEnd(11)} ${perService}, total ${seconds(total)} s CPU (${rs.length} runs)`);
}
