/**
 * Scheduler efficiency of the persona runner: 500 personas, 50 slots, a fixed LLM latency
 * per turn, four variants side by side in one run (same services, same machine load):
 *   - offline driver with PERSONA_OFFLINE_DELAY_MS as the think time before each turn;
 *   - the real `anthropic` driver (AI SDK loop + AI SDK MCP client) against the fake
 *     Anthropic Messages API (`bench/fake-anthropic-day.ts`, own process, SSE wire protocol,
 *     fixed latency per turn: 4 day turns with 4 real mana-mcp tool calls + 1 rating turn);
 * each without claim-ahead (PERSONA_CLAIM_AHEAD=0) and with the default (a fifth of the slots).
 * mana-auth + mana-mcp run in a child process (PGlite, or PostgreSQL with DATABASE_URL);
 * every variant gets freshly seeded personas, and their logins are warmed first so password
 * hashing is not part of the run.
 *
 *   efficiency = completed sessions per second / (concurrency / mean session time)
 *
 * i.e. the mean share of slots that are busy (Little's law). Target >= 0.95.
 * Run: `npx tsx bench/runner-scheduler.ts [personas=500] [concurrency=50] [latencyMs=300] [rounds=1]`;
 * with several rounds the variants are interleaved and the medians reported.
 */
import os from 'node:os';
import { createLogger } from '@mana/core';
import { createDriver, createRunner, loadRunnerConfig } from '@mana/persona-runner';
import { startBenchServices, type BenchServices } from '@mana/persona-runner/testing';
import { startFakeAnthropicProcess } from './fake-anthropic-client';
import { median } from './lib/stats';

const PERSONAS = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 50);
const LATENCY_MS = Number(process.argv[4] ?? 300);
const ROUNDS = Number(process.argv[5] ?? 1);
const log = createLogger('bench', { level: 'silent' });

interface Variant {
  driver: 'offline' | 'anthropic';
  claimAhead?: number;
}

interface Result {
  variant: string;
  succeeded: number;
  failed: number;
  wallS: number;
  meanSessionS: number;
  throughput: number;
  efficiency: number;
  busyBeforeDrain: number;
  claimMs: number;
  toolCallsPerSession: number;
  firstFailure?: unknown;
}

const label = (v: Variant) => `${v.driver.padEnd(9)} claim-ahead=${v.claimAhead ?? `${Math.ceil(CONCURRENCY / 5)} (default)`}`;

async function runOnce(services: BenchServices, llmUrl: string, variant: Variant, round: number): Promise<Result> {
  const emails = await services.seed(PERSONAS);
  const config = loadRunnerConfig({
    NODE_ENV: 'test',
    MANA_AUTH_URL: services.authUrl,
    MANA_MCP_URL: services.mcpUrl,
    MANA_SERVICE_KEY: services.serviceKey,
    PERSONA_DRIVER: variant.driver,
    PERSONA_OFFLINE_DELAY_MS: String(LATENCY_MS),
    ANTHROPIC_API_KEY: 'sk-ant-bench-fake',
    ANTHROPIC_BASE_URL: llmUrl,
    PERSONA_MODEL: 'claude-haiku-4-5',
    PERSONA_CONCURRENCY: String(CONCURRENCY),
    PERSONA_CLAIM_AHEAD: variant.claimAhead === undefined ? undefined : String(variant.claimAhead),
    PERSONA_LEASE_MS: '600000',
    RUNNER_ID: `bench-${variant.driver}-${variant.claimAhead ?? 'default'}-${round}`,
  });
  const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log });

  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < emails.length) await runner.deps.sessions.get(emails[next++]);
    }),
  );

  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(runner.scheduler!.state().inFlight), 10);
  const summary = await runner.scheduler!.runNow();
  clearInterval(sampler);
  await runner.shutdown();

  const text = await runner.deps.metrics.registry.metrics();
  const metric = (re: RegExp) => Number(text.match(re)?.[1] ?? NaN);
  const meanSessionS =
    metric(/^persona_runner_session_duration_seconds_sum\{outcome="succeeded"\} ([0-9.e+-]+)$/m) /
    metric(/^persona_runner_session_duration_seconds_count\{outcome="succeeded"\} ([0-9.e+-]+)$/m);
  const toolCalls = (text.match(/^persona_runner_tool_calls_total\{[^}]*\} [0-9]+$/gm) ?? []).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  const wallS = summary.durationMs / 1000;
  const throughput = summary.succeeded / wallS;
  const lastFull = samples.lastIndexOf(CONCURRENCY);
  const busy = samples.slice(0, lastFull + 1);
  return {
    variant: label(variant),
    succeeded: summary.succeeded,
    failed: summary.failed.length,
    wallS,
    meanSessionS,
    throughput,
    efficiency: throughput / (CONCURRENCY / meanSessionS),
    busyBeforeDrain: busy.reduce((a, b) => a + b, 0) / Math.max(1, busy.length) / CONCURRENCY,
    claimMs: (metric(/^persona_runner_claim_duration_seconds_sum ([0-9.e+-]+)$/m) / metric(/^persona_runner_claim_duration_seconds_count ([0-9]+)$/m)) * 1000,
    toolCallsPerSession: toolCalls / Math.max(1, summary.succeeded),
    firstFailure: summary.failed[0],
  };
}

const load = () => os.loadavg()[0].toFixed(1);

const variants: Variant[] = [{ driver: 'offline', claimAhead: 0 }, { driver: 'offline' }, { driver: 'anthropic', claimAhead: 0 }, { driver: 'anthropic' }];
const services = await startBenchServices();
const llm = await startFakeAnthropicProcess(LATENCY_MS);
console.log(
  `runner scheduler bench — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`personas=${PERSONAS} concurrency=${CONCURRENCY} latency per turn=${LATENCY_MS} ms rounds=${ROUNDS}`);
const results: Result[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const variant of variants) {
    const r = await runOnce(services, llm.url, variant, round);
    results.push(r);
    console.log(
      `[${round}] ${r.variant.padEnd(34)} load ${load().padStart(4)}  ok=${r.succeeded} failed=${r.failed} wall=${r.wallS.toFixed(1)} s  session=${r.meanSessionS.toFixed(2)} s  ` +
        `tput=${r.throughput.toFixed(2)}/s  eff=${r.efficiency.toFixed(3)}  busy-before-drain=${r.busyBeforeDrain.toFixed(3)}  claim=${r.claimMs.toFixed(0)} ms  calls/session=${r.toolCallsPerSession.toFixed(1)}`,
    );
    if (r.failed) console.log('   first failure:', r.firstFailure);
  }
}
const requests = await llm.close();
await services.close();

console.log(`\nmedians over ${ROUNDS} round(s) (fake Anthropic answered ${requests} requests):`);
for (const variant of variants) {
  const mine = results.filter((r) => r.variant === label(variant));
  const m = (key: keyof Result) => median(mine.map((r) => r[key] as number));
  console.log(
    `${label(variant).padEnd(34)} efficiency=${m('efficiency').toFixed(3)}  session=${m('meanSessionS').toFixed(2)} s  wall=${m('wallS').toFixed(1)} s  ` +
      `tput=${m('throughput').toFixed(2)}/s  busy-before-drain=${m('busyBeforeDrain').toFixed(3)}  claim=${m('claimMs').toFixed(0)} ms  failed=${m('failed')}`,
  );
}
for (const driver of ['offline', 'anthropic'] as const) {
  const eff = (ahead?: number) => median(results.filter((r) => r.variant === label({ driver, claimAhead: ahead })).map((r) => r.efficiency));
  console.log(`${driver}: efficiency with / without claim-ahead = ${(eff(undefined) / eff(0)).toFixed(3)}`);
}
