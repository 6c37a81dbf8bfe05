/**
 * Runner CPU time per persona-tick, LLM excluded. mana-auth + mana-mcp run in a child
 * process, so `process.cpuUsage()` around a tick counts only the runner process:
 *   A. scripted driver (no model, no MCP traffic, 3 recorded calls): the loop's own cost —
 *      claim, context, incremental reports, rating rows, completion, metrics;
 *   B. offline driver (no model; real MCP client session and tool calls): A plus what any
 *      driver spends talking MCP, plus the offline policy (the stand-in for the LLM), with the
 *      process-wide cached output-schema validator (`drivers/offline/cached-validator.ts`);
 *   B0. the same before that cache (commit 8a87d1a): every session compiles every tool's output
 *      schema with a fresh Ajv (`bench/per-session-validator.ts`, swapped in by this script only).
 * Logins are warmed first (a JWT is reused between ticks for ~13 of its 15 minutes). With several
 * rounds the variants are interleaved (A, B0, B per round) and medians reported.
 * Run: `npx tsx bench/runner-cpu.ts [personas=200] [concurrency=4] [rounds=1]`.
 */
import os from 'node:os';
import { createLogger } from '@mana/core';
import { createDriver, createRunner, loadRunnerConfig, type PersonaDriver } from '@mana/persona-runner';
import { createScriptedDriver, sharedValidator, startBenchServices, type BenchServices } from '@mana/persona-runner/testing';
import { swapInPerSessionValidator } from './per-session-validator';
import { processCpuMs } from './lib/process-cpu';
import { median } from './lib/stats';

const PERSONAS = Number(process.argv[2] ?? 200);
const CONCURRENCY = Number(process.argv[3] ?? 4);
const ROUNDS = Number(process.argv[4] ?? 1);
const log = createLogger('bench', { level: 'silent' });

/** utime + stime of another process in microseconds (Linux /proc, 100 Hz clock ticks). */
const childCpuMicros = (pid: number) => processCpuMs(pid) * 1000;

async function measure(services: BenchServices, label: string, makeDriver: () => PersonaDriver | Promise<PersonaDriver>, n: number) {
  const emails = await services.seed(n);
  const config = loadRunnerConfig({
    NODE_ENV: 'test',
    MANA_AUTH_URL: services.authUrl,
    MANA_MCP_URL: services.mcpUrl,
    MANA_SERVICE_KEY: services.serviceKey,
    PERSONA_DRIVER: 'offline',
    PERSONA_CONCURRENCY: String(CONCURRENCY),
    RUNNER_ID: `bench-${label}`,
  });
  const runner = createRunner({ config, driver: await makeDriver(), log });
  for (const email of emails) await runner.deps.sessions.get(email);
  const servicesBefore = childCpuMicros(services.pid);
  const before = process.cpuUsage();
  const summary = await runner.scheduler!.runNow();
  const used = process.cpuUsage(before);
  const servicesUsed = childCpuMicros(services.pid) - servicesBefore;
  await runner.shutdown();
  const actions = Number(
    (await runner.deps.metrics.registry.metrics()).match(/persona_runner_tool_calls_total\{[^}]*\} \d+/g)?.reduce((s: number, l: string) => s + Number(l.split(' ').pop()), 0) ?? 0,
  );
  const perTick = (used.user + used.system) / 1000 / summary.succeeded;
  return {
    label,
    ticks: summary.succeeded,
    failed: summary.failed.length,
    actions,
    wallS: summary.durationMs / 1000,
    perTickMs: perTick,
    userMs: used.user / 1000 / summary.succeeded,
    sysMs: used.system / 1000 / summary.succeeded,
    servicesPerTickMs: servicesUsed / 1000 / summary.succeeded,
  };
}

type Measured = Awaited<ReturnType<typeof measure>>;

const services = await startBenchServices();
const scripted = () => createScriptedDriver(() => ({ calls: 3 }));
const offline = () => createDriver({ kind: 'offline', offlineDelayMs: 0, anthropicBaseUrl: 'https://api.anthropic.com', scratchDir: os.tmpdir() }, { log });
const LABELS = { a: 'A scripted (loop only)', b0: 'B0 offline, per-session ajv compile (before)', b: 'B offline, cached validator (after)' };
console.log(
  `runner CPU bench — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, concurrency ${CONCURRENCY}, ${ROUNDS} round(s)`,
);
await measure(services, 'warm-up', offline, 20);
const results: Measured[] = [];
const print = (r: Measured, extra = '') =>
  console.log(
    `${r.label.padEnd(46)} ticks=${r.ticks} failed=${r.failed} tool calls=${r.actions} wall=${r.wallS.toFixed(1)} s  runner CPU/tick=${r.perTickMs.toFixed(2)} ms (user ${r.userMs.toFixed(2)}, sys ${r.sysMs.toFixed(2)})  auth+mcp CPU/tick=${r.servicesPerTickMs.toFixed(1)} ms${extra}`,
  );
for (let round = 1; round <= ROUNDS; round++) {
  const load = () => `  load ${os.loadavg()[0].toFixed(1)}`;
  results.push(await measure(services, LABELS.a, scripted, PERSONAS));
  print(results.at(-1)!, load());
  const swap = swapInPerSessionValidator(sharedValidator);
  try {
    results.push(await measure(services, LABELS.b0, offline, PERSONAS));
  } finally {
    swap.restore();
  }
  print(results.at(-1)!, `${load()}  (${swap.compiled()} output-schema compiles)`);
  results.push(await measure(services, LABELS.b, offline, PERSONAS));
  print(results.at(-1)!, load());
}
await services.close();

const med = (label: string, key: 'perTickMs' | 'userMs' | 'sysMs' | 'servicesPerTickMs') => median(results.filter((r) => r.label === label).map((r) => r[key]));
console.log(`\nmedians over ${ROUNDS} round(s), runner CPU per persona-tick:`);
for (const label of Object.values(LABELS)) {
  console.log(
    `${label.padEnd(46)} ${med(label, 'perTickMs').toFixed(2)} ms (user ${med(label, 'userMs').toFixed(2)}, sys ${med(label, 'sysMs').toFixed(2)})  auth+mcp ${med(label, 'servicesPerTickMs').toFixed(1)} ms`,
  );
}
const [a, b0, b] = Object.values(LABELS).map((label) => med(label, 'perTickMs'));
const perCall = (label: string) => median(results.filter((r) => r.label === label).map((r) => (r.perTickMs * r.ticks) / Math.max(1, r.actions)));
console.log(
  `driver + MCP client share per tick (B - A): before ${(b0 - a).toFixed(2)} ms, after ${(b - a).toFixed(2)} ms; per tool call: before ${perCall(LABELS.b0).toFixed(2)} ms, after ${perCall(LABELS.b).toFixed(2)} ms`,
);
console.log(`after / before: whole tick ${(b / b0).toFixed(3)}, driver + MCP share ${((b - a) / (b0 - a)).toFixed(3)}`);
