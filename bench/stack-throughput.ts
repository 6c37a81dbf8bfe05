/**
 * Whole-stack throughput: N generated personas, the offline driver, concurrency C, the stack
 * started exactly as `npm start` starts it (`node --import tsx scripts/start.ts`), one run per
 * source tree so that before/after are measured side by side in one run (trees interleaved per round).
 *
 *   npx tsx bench/stack-throughput.ts --trees before=/work/wt/perf-base,after=. [--personas 1000]
 *     [--concurrency 50] [--rounds 1] [--db pg,pglite] [--pglite-personas 300] [--ports 4701]
 *     [--seed-args='--concurrency 8'] [--cpu-prof]
 *
 * Per variant on PostgreSQL (a copy of one seeded template database):
 *   round "cold": every persona's first tick (each one logs in by password), then a pause longer
 *   than the JWT lifetime (JWT_TTL_SECONDS=30), the ticks are deleted so every persona is due again,
 *   round "warm": the measured steady state — each tick needs a new access token, as an hourly
 *   persona's does (a password login, or a refresh where the runner has a refresh token).
 * PGlite (one process owns the folder, so the ticks cannot be reset from outside): the cold round only.
 * Reported per round: persona-ticks/s, actions/s, machine CPU-ms per tick (/proc/stat, all cores,
 * includes the other tenants of a shared machine), the stack's own CPU split per process (the
 * `npm start` process tree, split per process: auth, mcp, runner, and the supervising `start`; its
 * PostgreSQL backends), SQL statements per tick (a preload counts node-postgres `Client#query` calls in
 * every stack process; BENCH_SQL_TEXT=1 also counts them by text, in .tmp/stack-throughput/stats-*)
 * and p99 tool latency (persona_actions). Seeding is timed with its CPU and statements.
 * `--cpu-prof`: every stack process profiles itself through the inspector (`--cpu-prof` is not allowed
 * in NODE_OPTIONS) and writes one profile per round (.tmp/stack-throughput/profile-*; read them with
 * bench/cpu-profile-split.ts). Databases are named BENCH_DB_PREFIX_… (default stack_bench) and dropped.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDatabase } from '@mana/db';
import { CLOCK_TICKS_PER_SECOND, descendants, procStat } from './lib/process-cpu';
import { median } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    trees: { type: 'string', default: 'after=.' },
    personas: { type: 'string', default: '1000' },
    'pglite-personas': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    db: { type: 'string', default: 'pg' },
    ports: { type: 'string', default: '4701' },
    'seed-tree': { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    /** Extra arguments of `seed:personas` (e.g. `--concurrency 8`), split on spaces. */
    'seed-args': { type: 'string', default: '' },
  },
});
const trees = args.trees.split(',').map((spec) => {
  const [label, dir] = spec.split('=');
  return { label, dir: path.resolve(dir) };
});
const PERSONAS = Number(args.personas);
const PGLITE_PERSONAS = Number(args['pglite-personas']);
const CONCURRENCY = Number(args.concurrency);
const ROUNDS = Number(args.rounds);
const PORT = Number(args.ports);
const SEED_ARGS = args['seed-args'].split(' ').filter(Boolean);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://mana_ci:mana_ci@127.0.0.1:5432/mana_ci';
/** Databases this bench creates (and drops) start with this prefix. */
const DB_PREFIX = process.env.BENCH_DB_PREFIX ?? 'stack_bench';
const ADMIN = { email: 'bench.admin@mana.test', password: 'bench-admin-password-1234' };
const JWT_TTL_SECONDS = 30;
const work = path.resolve('.tmp/stack-throughput');
mkdirSync(work, { recursive: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------- /proc ----------
function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3] - cpu[4], total };
}
function procCpuMs(pid: number): number | undefined {
  const stat = procStat(pid);
  return stat && stat.userMs + stat.systemMs;
}

/** What a stack process is: the service a supervised child runs (its last argument), else the `npm start` process itself. */
function processLabel(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (argv.some((a) => a.endsWith('start-service.ts'))) return argv.at(-1)!;
    if (argv.some((a) => a.endsWith('scripts/start.ts'))) return 'start';
    return path.basename(argv[0] ?? 'other');
  } catch {
    return 'other';
  }
}

/** Cumulative CPU per process, sampled; a process that appears later starts from 0. */
class CpuTracker {
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private labels = new Map<number, string>();
  sample(pids: number[]) {
    for (const pid of pids) {
      const ms = procCpuMs(pid);
      if (ms === undefined) continue;
      if (!this.first.has(pid)) {
        this.first.set(pid, this.started ? 0 : ms);
        this.labels.set(pid, processLabel(pid));
      }
      this.last.set(pid, ms);
    }
  }
  /** CPU-ms per process label (auth, mcp, runner, start, …). */
  split(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [pid, last] of this.last) {
      const label = this.labels.get(pid) ?? 'other';
      out[label] = (out[label] ?? 0) + last - (this.first.get(pid) ?? 0);
    }
    return out;
  }
  started = false;
  begin(pids: number[]) {
    this.sample(pids);
    this.started = true;
  }
  used(): number {
    let sum = 0;
    for (const [pid, last] of this.last) sum += last - (this.first.get(pid) ?? 0);
    return sum;
  }
}

// ---------- preload: counts SQL statements in every stack process ----------
function writePreload(tree: string): string {
  const dir = path.join(tree, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bench-stack-stats.mjs');
  writeFileSync(
    file,
    `import { writeFileSync } from 'node:fs';
import pg from 'pg';
const dir = process.env.BENCH_STATS_DIR;
let statements = 0;
const byText = {};
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (...a) {
  statements++;
  if (process.env.BENCH_SQL_TEXT) {
    const text = String(typeof a[0] === 'string' ? a[0] : a[0]?.text ?? '?').replace(/\\s+/g, ' ').slice(0, 120);
    byText[text] = (byText[text] ?? 0) + 1;
  }
  return query.apply(this, a);
};
const flush = () => { try { writeFileSync(dir + '/' + process.pid + '.json', JSON.stringify({ statements, byText })); } catch {} };
// On demand only (SIGUSR2 from the bench): a timer would cost the stack CPU of its own.
if (dir) { process.on('SIGUSR2', flush); process.on('exit', flush); }
// --cpu-prof is not allowed in NODE_OPTIONS: with BENCH_CPU_PROF_DIR each process profiles itself through the
// inspector, and each SIGUSR2 (a round's start and end) writes the profile so far and starts the next one.
const profDir = process.env.BENCH_CPU_PROF_DIR;
if (profDir) {
  const { Session } = await import('node:inspector');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(profDir, { recursive: true });
  const session = new Session();
  session.connect();
  let part = 0;
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  process.on('SIGUSR2', () =>
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(profDir + '/' + process.pid + '-' + part++ + '.cpuprofile', JSON.stringify(result.profile));
      session.post('Profiler.start');
    }),
  );
}
`,
  );
  return file;
}
async function statementCount(dir: string, root: number): Promise<number> {
  for (const pid of descendants(root)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(process.execPath)) process.kill(pid, 'SIGUSR2');
    } catch {
      /* exited */
    }
  }
  await sleep(500);
  let n = 0;
  for (const f of readdirSync(dir)) n += JSON.parse(readFileSync(path.join(dir, f), 'utf8')).statements;
  return n;
}

// ---------- databases ----------
async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>, db = 'mana_ci'): Promise<T> {
  const url = new URL(PG_URL);
  url.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
const dbUrl = (db: string) => Object.assign(new URL(PG_URL), { pathname: `/${db}` }).toString();

// ---------- the stack ----------
interface Stack {
  child: ChildProcess;
  statsDir: string;
  stop(): Promise<void>;
}
async function startStack(tree: string, env: Record<string, string>, tag: string): Promise<Stack> {
  const statsDir = path.join(work, `stats-${tag}`);
  rmSync(statsDir, { recursive: true, force: true });
  mkdirSync(statsDir, { recursive: true });
  const preload = writePreload(tree);
  // Every process of the stack (the supervised children too) profiles itself (see the preload).
  // Only the measured rounds are profiled.
  const profDir = args['cpu-prof'] && !tag.startsWith('seed-') ? { BENCH_CPU_PROF_DIR: path.join(work, `profile-${tag}`) } : {};
  // The stack's log goes straight to a file: the bench blocks its own event loop while seeding (execFileSync), and a
  // pipe it does not drain fills at 64 KiB, after which a synchronous logger blocks every service (the seeding "hang").
  const logFile = path.join(work, `stack-${tag}.log`);
  const logFd = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', preload, 'scripts/start.ts'], {
    cwd: tree,
    env: { ...process.env, ...env, ...profDir, BENCH_STATS_DIR: statsDir, NODE_OPTIONS: `--import ${preload}` },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const tail = () => readFileSync(logFile, 'utf8').slice(-4000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`stack exited: ${tail()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${env.RUNNER_PORT}/health`)).status < 500) break;
    } catch {
      /* not yet */
    }
    if (i > 600) throw new Error(`stack did not start: ${tail()}`);
    await sleep(500);
  }
  return {
    child,
    statsDir,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(60_000)]);
    },
  };
}
function stackEnv(extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'development',
    MANA_AUTH_PORT: String(PORT),
    MANA_MCP_PORT: String(PORT + 1),
    RUNNER_PORT: String(PORT + 2),
    MANA_AUTOSEED: '0',
    PERSONA_DRIVER: 'offline',
    PERSONA_CONCURRENCY: String(CONCURRENCY),
    TICK_INTERVAL_MS: '1000',
    JWT_TTL_SECONDS: String(JWT_TTL_SECONDS),
    MCP_RATE_LIMIT_PER_MINUTE: '1000000',
    ...extra,
  };
}

// ---------- seeding (measured: it is one of the issue's targets) ----------
async function seedInto(tree: string, env: Record<string, string>, catalog: string, tag: string): Promise<number> {
  const node = (script: string, argv: string[], extra: Record<string, string> = {}) =>
    execFileSync(process.execPath, ['--import', 'tsx', script, ...argv], { cwd: tree, env: { ...process.env, ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  node('services/mana-auth/src/cli/admin-create.ts', ['--email', ADMIN.email, '--password', ADMIN.password]);
  const stack = await startStack(tree, { ...env, RUNNER_PAUSED: '1', JWT_TTL_SECONDS: '900' }, `seed-${tag}`);
  try {
    const s0 = await statementCount(stack.statsDir, stack.child.pid!);
    const cpu = new CpuTracker();
    cpu.begin(descendants(stack.child.pid!));
    const t0 = performance.now();
    node('scripts/personas/src/seed.ts', ['--catalog', catalog, ...SEED_ARGS], {
      MANA_AUTH_URL: `http://127.0.0.1:${PORT}`,
      MANA_ADMIN_EMAIL: ADMIN.email,
      MANA_ADMIN_PASSWORD: ADMIN.password,
    });
    const seconds = (performance.now() - t0) / 1000;
    cpu.sample(descendants(stack.child.pid!));
    const statements = (await statementCount(stack.statsDir, stack.child.pid!)) - s0;
    console.log(`seeding: ${seconds.toFixed(1)} s, stack CPU ${(cpu.used() / 1000).toFixed(1)} s (${splitText(cpu.split())} ms), ${statements} statements`);
    return seconds;
  } finally {
    await stack.stop();
  }
}
/**
 * The generated catalogue with every persona on the daily cadence: a round waits for each persona's
 * tick, and the generator's weekday personas (about a third) are not due on a Saturday or Sunday,
 * so on a weekend the round never ended (2026-12-06: 740 of 1000 ticks in 17 minutes).
 */
function generateCatalog(tree: string, count: number): string {
  const file = path.join(work, `catalog-${count}.json`);
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/personas/src/generate.ts', '--count', String(count), '--seed', '42', '--out', file], { cwd: tree, stdio: 'ignore' });
  const catalog = JSON.parse(readFileSync(file, 'utf8')) as { personas: { tickCadence: string }[] };
  writeFileSync(file, JSON.stringify({ ...catalog, personas: catalog.personas.map((persona) => ({ ...persona, tickCadence: 'daily' })) }));
  return file;
}

// ---------- one measured variant ----------
interface RoundResult {
  variant: string;
  db: string;
  round: 'cold' | 'warm';
  ticks: number;
  failed: number;
  actions: number;
  wallS: number;
  ticksPerS: number;
  actionsPerS: number;
  machineMsPerTick: number;
  stackMsPerTick: number;
  /** The stack's CPU per tick split by process (auth, mcp, runner on PostgreSQL; start alone on PGlite). */
  splitMsPerTick: Record<string, number>;
  pgMsPerTick: number;
  statementsPerTick: number;
  p99ToolMs: number;
  load: number;
}

async function measureRound(
  stack: Stack,
  done: () => Promise<number>,
  target: number,
  backendPids: () => Promise<number[]>,
): Promise<{ wallS: number; machineMs: number; stackMs: number; split: Record<string, number>; pgMs: number; statements: number }> {
  const stackCpu = new CpuTracker();
  const pgCpu = new CpuTracker();
  const m0 = machineJiffies();
  const s0 = await statementCount(stack.statsDir, stack.child.pid!);
  stackCpu.begin(descendants(stack.child.pid!));
  pgCpu.begin(await backendPids());
  const t0 = performance.now();
  while ((await done()) < target) {
    await sleep(500);
    stackCpu.sample(descendants(stack.child.pid!));
    pgCpu.sample(await backendPids());
  }
  stackCpu.sample(descendants(stack.child.pid!));
  pgCpu.sample(await backendPids());
  const wallS = (performance.now() - t0) / 1000;
  const m1 = machineJiffies();
  return {
    wallS,
    machineMs: ((m1.busy - m0.busy) * 1000) / CLOCK_TICKS_PER_SECOND,
    stackMs: stackCpu.used(),
    split: stackCpu.split(),
    pgMs: pgCpu.used(),
    statements: (await statementCount(stack.statsDir, stack.child.pid!)) - s0,
  };
}

async function runPg(tree: { label: string; dir: string }, template: string, round: number): Promise<RoundResult[]> {
  const db = `${DB_PREFIX}_${tree.label}_${round}_${randomBytes(3).toString('hex')}`;
  await pgAdmin((c) => c.query(`create database "${db}" template "${template}"`));
  const stack = await startStack(tree.dir, stackEnv({ DATABASE_URL: dbUrl(db) }), `${tree.label}-pg-${round}`);
  const results: RoundResult[] = [];
  try {
    await pgAdmin(async (c) => {
      const finished = async () => Number((await c.query(`select count(*)::int n from persona_ticks where status in ('succeeded','failed')`)).rows[0].n);
      const backends = async () => (await c.query(`select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [db])).rows.map((r) => Number(r.pid));
      const summarise = async (name: 'cold' | 'warm', m: Awaited<ReturnType<typeof measureRound>>) => {
        const r = (
          await c.query(`select count(*) filter (where status='succeeded')::int ok, count(*) filter (where status='failed')::int failed,
            (select count(*)::int from persona_actions) actions,
            (select coalesce(percentile_cont(0.99) within group (order by latency_ms), 0) from persona_actions) p99 from persona_ticks`)
        ).rows[0];
        const ticks = r.ok + r.failed;
        results.push({
          variant: tree.label,
          db: 'PostgreSQL',
          round: name,
          ticks,
          failed: r.failed,
          actions: r.actions,
          wallS: m.wallS,
          ticksPerS: ticks / m.wallS,
          actionsPerS: r.actions / m.wallS,
          machineMsPerTick: m.machineMs / ticks,
          stackMsPerTick: m.stackMs / ticks,
          splitMsPerTick: perTick(m.split, ticks),
          pgMsPerTick: m.pgMs / ticks,
          statementsPerTick: m.statements / ticks,
          p99ToolMs: Number(r.p99),
          load: os.loadavg()[0],
        });
        report(results.at(-1)!);
      };
      await summarise('cold', await measureRound(stack, finished, PERSONAS, backends));
      await sleep((JWT_TTL_SECONDS + 2) * 1000); // every cached access token is now due for renewal
      await c.query(`delete from persona_ticks`);
      await c.query(`update personas set next_due_at = now(), last_active_at = null`);
      await summarise('warm', await measureRound(stack, finished, PERSONAS, backends));
    }, db);
  } finally {
    await stack.stop();
    await pgAdmin((c) => c.query(`drop database if exists "${db}" with (force)`));
  }
  return results;
}

async function runPglite(tree: { label: string; dir: string }, templateDir: string, round: number): Promise<RoundResult[]> {
  const dataDir = path.join(work, `pglite-${tree.label}-${round}`);
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(templateDir, dataDir, { recursive: true });
  const stack = await startStack(tree.dir, stackEnv({ MANA_DATA_DIR: dataDir }), `${tree.label}-pglite-${round}`);
  const finished = async () => {
    const text = await (await fetch(`http://127.0.0.1:${PORT + 2}/metrics`)).text();
    return [...text.matchAll(/^persona_runner_ticks_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
  };
  let m: Awaited<ReturnType<typeof measureRound>>;
  try {
    m = await measureRound(stack, finished, PGLITE_PERSONAS, async () => []);
  } finally {
    await stack.stop();
  }
  const database = await createDatabase({ dataDir, migrate: false });
  const [r] = await database.query<{ ok: number; failed: number; actions: number; p99: number }>(
    `select count(*) filter (where status='succeeded')::int ok, count(*) filter (where status='failed')::int failed,
       (select count(*)::int from persona_actions) actions,
       (select coalesce(percentile_cont(0.99) within group (order by latency_ms), 0) from persona_actions) p99 from persona_ticks`,
  );
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  const ticks = r.ok + r.failed;
  const result: RoundResult = {
    variant: tree.label,
    db: 'PGlite',
    round: 'cold',
    ticks,
    failed: r.failed,
    actions: r.actions,
    wallS: m.wallS,
    ticksPerS: ticks / m.wallS,
    actionsPerS: r.actions / m.wallS,
    machineMsPerTick: m.machineMs / ticks,
    stackMsPerTick: m.stackMs / ticks,
    splitMsPerTick: perTick(m.split, ticks),
    pgMsPerTick: 0,
    statementsPerTick: Number.NaN,
    p99ToolMs: Number(r.p99),
    load: os.loadavg()[0],
  };
  report(result);
  return [result];
}

const perTick = (split: Record<string, number>, ticks: number) => Object.fromEntries(Object.entries(split).map(([k, v]) => [k, v / ticks]));
const splitText = (split: Record<string, number>) =>
  Object.entries(split)
    .filter(([, v]) => v >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');

function report(r: RoundResult) {
  console.log(
    `${r.variant.padEnd(8)} ${r.db.padEnd(10)} ${r.round.padEnd(4)} ticks=${r.ticks} failed=${r.failed} actions=${r.actions} wall=${r.wallS.toFixed(1)} s  ` +
      `${r.ticksPerS.toFixed(1)} ticks/s  ${r.actionsPerS.toFixed(1)} actions/s  machine ${r.machineMsPerTick.toFixed(1)} ms/tick  ` +
      `stack ${r.stackMsPerTick.toFixed(1)} (${splitText(r.splitMsPerTick)}) + postgres ${r.pgMsPerTick.toFixed(1)} ms/tick  ${Number.isNaN(r.statementsPerTick) ? '' : `${r.statementsPerTick.toFixed(1)} stmts/tick  `}p99 tool ${r.p99ToolMs.toFixed(0)} ms  load ${r.load.toFixed(1)}`,
  );
}

// ---------- main ----------
console.log(
  `stack throughput — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model}), load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `trees: ${trees.map((t) => `${t.label}=${t.dir} (${execFileSync('git', ['-C', t.dir, 'rev-parse', '--short', 'HEAD']).toString().trim()})`).join(', ')}; personas ${PERSONAS} (PGlite ${PGLITE_PERSONAS}), concurrency ${CONCURRENCY}, ${ROUNDS} round(s)`,
);
const seedTree = args['seed-tree'] ? path.resolve(args['seed-tree']) : trees.at(-1)!.dir;
const all: RoundResult[] = [];
const dbs = args.db.split(',');

if (dbs.includes('pg')) {
  const template = `${DB_PREFIX}_tpl_${randomBytes(3).toString('hex')}`;
  await pgAdmin((c) => c.query(`create database "${template}"`));
  try {
    const seconds = await seedInto(seedTree, stackEnv({ DATABASE_URL: dbUrl(template) }), generateCatalog(seedTree, PERSONAS), 'pg');
    console.log(`seeded ${PERSONAS} personas on PostgreSQL with ${seedTree} in ${seconds.toFixed(1)} s (load ${os.loadavg()[0].toFixed(1)})`);
    for (let round = 1; round <= ROUNDS; round++) for (const tree of round % 2 ? trees : [...trees].reverse()) all.push(...(await runPg(tree, template, round)));
  } finally {
    await pgAdmin((c) => c.query(`drop database if exists "${template}" with (force)`));
  }
}
if (dbs.includes('pglite')) {
  const templateDir = path.join(work, 'pglite-template');
  rmSync(templateDir, { recursive: true, force: true });
  const seconds = await seedInto(seedTree, stackEnv({ MANA_DATA_DIR: templateDir }), generateCatalog(seedTree, PGLITE_PERSONAS), 'pglite');
  console.log(`seeded ${PGLITE_PERSONAS} personas on PGlite with ${seedTree} in ${seconds.toFixed(1)} s (load ${os.loadavg()[0].toFixed(1)})`);
  for (let round = 1; round <= ROUNDS; round++) for (const tree of round % 2 ? trees : [...trees].reverse()) all.push(...(await runPglite(tree, templateDir, round)));
  rmSync(templateDir, { recursive: true, force: true });
}

console.log(`\nmedians over ${ROUNDS} round(s):`);
const keys = ['ticksPerS', 'actionsPerS', 'machineMsPerTick', 'stackMsPerTick', 'pgMsPerTick', 'statementsPerTick', 'p99ToolMs'] as const;
console.log(`| variant | db | round | ${keys.join(' | ')} | stack split (ms/tick) |`);
for (const db of ['PostgreSQL', 'PGlite'])
  for (const round of ['cold', 'warm'] as const)
    for (const tree of trees) {
      const rs = all.filter((r) => r.db === db && r.round === round && r.variant === tree.label);
      if (!rs.length) continue;
      const labels = [...new Set(rs.flatMap((r) => Object.keys(r.splitMsPerTick)))];
      const split = Object.fromEntries(labels.map((l) => [l, median(rs.map((r) => r.splitMsPerTick[l] ?? 0))]));
      console.log(`| ${tree.label} | ${db} | ${round} | ${keys.map((k) => median(rs.map((r) => r[k])).toFixed(1)).join(' | ')} | ${splitText(split)} |`);
    }
process.exit(0);
