/**
 * Scheduler efficiency of the persona runner: 500 personas, 50 slots, a fixed think
 * time per turn. Driver: the offline driver with PERSONA_OFFLINE_DELAY_MS as the fake
 * LLM latency (H5's fake Anthropic server was not ready), making real MCP calls.
 * mana-auth + mana-mcp run in a child process (PGlite, or PostgreSQL with DATABASE_URL);
 * logins are warmed first so password hashing is not part of the run.
 *
 *   efficiency = completed sessions per second / (concurrency / mean session time)
 *
 * i.e. the mean share of slots that are busy (Little's law). Target >= 0.95.
 * Run: `npx tsx bench/runner-scheduler.ts [personas=500] [concurrency=50] [delayMs=300]`.
 */
import os from 'node:os';
import { createLogger } from '@mana/core';
import { createDriver, createRunner, loadRunnerConfig } from '@mana/persona-runner';
import { startBenchServices } from '../services/mana-persona-runner/src/testing/bench-client';

const PERSONAS = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 50);
const DELAY_MS = Number(process.argv[4] ?? 300);

const services = await startBenchServices();
const emails = await services.seed(PERSONAS);
const config = loadRunnerConfig({
  NODE_ENV: 'test',
  MANA_AUTH_URL: services.authUrl,
  MANA_MCP_URL: services.mcpUrl,
  MANA_SERVICE_KEY: services.serviceKey,
  PERSONA_DRIVER: 'offline',
  PERSONA_OFFLINE_DELAY_MS: String(DELAY_MS),
  PERSONA_CONCURRENCY: String(CONCURRENCY),
  PERSONA_LEASE_MS: '600000',
  RUNNER_ID: 'bench-runner',
});
const log = createLogger('bench', { level: 'silent' });
const runner = createRunner({ config, driver: createDriver(config.driver, { log }), log });

let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < emails.length) await runner.deps.sessions.get(emails[next++]);
}));

const samples: number[] = [];
const sampler = setInterval(() => samples.push(runner.scheduler!.state().inFlight), 10);
const summary = await runner.scheduler!.runNow();
clearInterval(sampler);

const text = runner.deps.metrics.registry.render();
const metric = (name: string) => Number(text.match(new RegExp(`^${name}\\{outcome="succeeded"\\} ([0-9.e+-]+)$`, 'm'))?.[1] ?? NaN);
const meanSession = metric('persona_runner_session_duration_seconds_sum') / metric('persona_runner_session_duration_seconds_count');
const seconds = summary.durationMs / 1000;
const throughput = summary.succeeded / seconds;
const efficiency = throughput / (CONCURRENCY / meanSession);
const busy = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length / CONCURRENCY;
const lastFull = samples.lastIndexOf(CONCURRENCY);
const claimCount = Number(text.match(/^persona_runner_claim_duration_seconds_count ([0-9]+)$/m)?.[1] ?? NaN);
const claimSum = Number(text.match(/^persona_runner_claim_duration_seconds_sum ([0-9.e+-]+)$/m)?.[1] ?? NaN);

console.log(`runner scheduler bench — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
console.log(`personas=${PERSONAS} concurrency=${CONCURRENCY} think time per turn=${DELAY_MS} ms (offline driver, real MCP calls)`);
console.log(`claimed=${summary.claimed} succeeded=${summary.succeeded} failed=${summary.failed.length} wall=${seconds.toFixed(2)} s`);
console.log(`mean session=${meanSession.toFixed(3)} s  throughput=${throughput.toFixed(2)} sessions/s  ideal=${(CONCURRENCY / meanSession).toFixed(2)} sessions/s`);
console.log(`efficiency=${efficiency.toFixed(3)} (target >= 0.95)`);
console.log(`sampled busy slots: whole run ${busy(samples).toFixed(3)}, before the final drain ${busy(samples.slice(0, lastFull + 1)).toFixed(3)}`);
console.log(`claims=${claimCount} mean claim latency=${((claimSum / claimCount) * 1000).toFixed(1)} ms`);
if (summary.failed.length) console.log('first failures:', summary.failed.slice(0, 3));

await runner.shutdown();
await services.close();
