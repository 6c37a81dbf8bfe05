/**
 * What `npm start` costs until the system answers: the CPU (user + system) of the start process and its
 * children from spawn until the runner's `/health` answers, and the wall time, per source tree, runs alternating.
 *
 *   npx tsx bench/start-cpu.ts --trees before=<worktree>,after=. [--runs 5] [--ports 4901]
 *
 * Each run starts `node --import tsx scripts/start.ts` (the embedded PGlite default, a new data folder, the offline
 * driver, paused), then stops it. With BENCH_PG_URL set it starts on that PostgreSQL database instead (the services
 * then run as three supervised processes).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { treeCpuMs } from './lib/process-cpu';
import { median } from './lib/stats';

const { values: args } = parseArgs({
  options: { trees: { type: 'string', default: 'after=.' }, runs: { type: 'string', default: '5' }, ports: { type: 'string', default: '4901' } },
});
const trees = args.trees.split(',').map((spec) => {
  const [label, dir] = spec.split('=');
  return { label: label!, dir: path.resolve(dir!) };
});
const PORT = Number(args.ports);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startOnce(dir: string): Promise<{ cpuMs: number; wallMs: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mana-start-cpu-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'development',
    MANA_DATA_DIR: dataDir,
    MANA_AUTH_PORT: String(PORT),
    MANA_MCP_PORT: String(PORT + 1),
    RUNNER_PORT: String(PORT + 2),
    MANA_AUTOSEED: '0',
    PERSONA_DRIVER: 'offline',
    RUNNER_PAUSED: '1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env.BENCH_PG_URL,
  };
  if (!env.DATABASE_URL) delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: dir, env, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start in ${dir} exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${PORT + 2}/health`)).status < 500) break;
      } catch {
        /* not yet */
      }
      if (performance.now() - started > 120_000) throw new Error(`npm start in ${dir} did not answer within 120 s`);
      await sleep(50);
    }
    return { cpuMs: treeCpuMs(child.pid!), wallMs: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `npm start to /health — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, ${process.env.BENCH_PG_URL ? 'PostgreSQL' : 'PGlite'}, load ${os.loadavg()[0]!.toFixed(1)}`,
);
const results = new Map(trees.map((t) => [t.label, [] as { cpuMs: number; wallMs: number }[]]));
for (let run = 1; run <= Number(args.runs); run++) {
  for (const tree of run % 2 ? trees : [...trees].reverse()) {
    const r = await startOnce(tree.dir);
    results.get(tree.label)!.push(r);
    console.log(`run ${run} ${tree.label.padEnd(8)} CPU ${(r.cpuMs / 1000).toFixed(2)} s, wall ${(r.wallMs / 1000).toFixed(2)} s, load ${os.loadavg()[0]!.toFixed(1)}`);
  }
}
for (const [label, rs] of results) {
  console.log(
    `median ${label.padEnd(8)} CPU ${(median(rs.map((r) => r.cpuMs)) / 1000).toFixed(2)} s, wall ${(median(rs.map((r) => r.wallMs)) / 1000).toFixed(2)} s (${rs.length} runs)`,
  );
}
