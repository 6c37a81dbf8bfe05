/**
 * Runner CPU time per persona-tick, LLM excluded. mana-auth + mana-mcp run in a child
 * process, so `process.cpuUsage()` around a tick counts only the runner process:
 *   A. scripted driver (no model, no MCP traffic, 3 recorded calls): the loop's own cost —
 *      claim, context, incremental reports, rating rows, completion, metrics;
 *   B. offline driver (no model; real MCP client session and tool calls): A plus what any
 *      driver spends talking MCP, plus the offline policy (the stand-in for the LLM).
 * Logins are warmed first (a JWT is reused between ticks for ~13 of its 15 minutes).
 * Run: `npx tsx bench/runner-cpu.ts [personas=200] [concurrency=4]`.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createLogger } from '@mana/core';
import { createDriver, createRunner, loadRunnerConfig, type PersonaDriver } from '@mana/persona-runner';
import { startBenchServices, type BenchServices } from '../services/mana-persona-runner/src/testing/bench-client';
import { createScriptedDriver } from '../services/mana-persona-runner/src/testing/scripted-driver';

const PERSONAS = Number(process.argv[2] ?? 200);
const CONCURRENCY = Number(process.argv[3] ?? 4);
const log = createLogger('bench', { level: 'silent' });

/** utime + stime of another process in microseconds (Linux /proc, 100 Hz clock ticks). */
function childCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function measure(services: BenchServices, label: string, makeDriver: () => PersonaDriver, n: number) {
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
  const runner = createRunner({ config, driver: makeDriver(), log });
  for (const email of emails) await runner.deps.sessions.get(email);
  const servicesBefore = childCpuMicros(services.pid);
  const before = process.cpuUsage();
  const summary = await runner.scheduler!.runNow();
  const used = process.cpuUsage(before);
  const servicesUsed = childCpuMicros(services.pid) - servicesBefore;
  await runner.shutdown();
  const actions = Number(runner.deps.metrics.registry.render().match(/persona_runner_tool_calls_total\{[^}]*\} \d+/g)?.reduce((s, l) => s + Number(l.split(' ').pop()), 0) ?? 0);
  const perTick = (used.user + used.system) / 1000 / summary.succeeded;
  return { label, ticks: summary.succeeded, failed: summary.failed.length, actions, wallS: summary.durationMs / 1000, perTickMs: perTick, userMs: used.user / 1000 / summary.succeeded, sysMs: used.system / 1000 / summary.succeeded, servicesPerTickMs: servicesUsed / 1000 / summary.succeeded };
}

const services = await startBenchServices();
const scripted = () => createScriptedDriver(() => ({ calls: 3 }));
const offline = () => createDriver({ kind: 'offline', offlineDelayMs: 0, anthropicBaseUrl: 'https://api.anthropic.com', scratchDir: os.tmpdir() }, { log });
await measure(services, 'warm-up', offline, 20);
const results = [await measure(services, 'A scripted (loop only)', scripted, PERSONAS), await measure(services, 'B offline (loop + MCP client + policy)', offline, PERSONAS)];
await services.close();

console.log(`runner CPU bench — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, concurrency ${CONCURRENCY}`);
for (const r of results) {
  console.log(
    `${r.label.padEnd(40)} ticks=${r.ticks} failed=${r.failed} tool calls=${r.actions} wall=${r.wallS.toFixed(1)} s  runner CPU/tick=${r.perTickMs.toFixed(2)} ms (user ${r.userMs.toFixed(2)}, sys ${r.sysMs.toFixed(2)})  auth+mcp CPU/tick=${r.servicesPerTickMs.toFixed(1)} ms`,
  );
}
const [a, b] = results;
console.log(`driver + MCP client share per tick (B - A): ${(b.perTickMs - a.perTickMs).toFixed(2)} ms; per tool call in B: ${((b.perTickMs * b.ticks) / Math.max(1, b.actions)).toFixed(2)} ms`);
