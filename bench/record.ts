/**
 * The day's record: its size per tick with the offline driver (median, p99)
 * and what it adds to the tick completion, side by side in one run: every
 * other completion is sent without its record (request bytes and latency of
 * both kinds). Services in a child (`bench-services.ts`: PGlite in memory, or
 * a fresh PostgreSQL database with DATABASE_URL), runner in process.
 * Run: `node --import tsx bench/record.ts [personas]`.
 */
import os from 'node:os';
import { jsonBytes, type CompleteRequest } from '@mana/contracts';
import { createLogger } from '@mana/core';
import { createDriver, createRunner, loadRunnerConfig } from '@mana/persona-runner';
import { startBenchServices } from '@mana/persona-runner/testing';
import { percentile } from './lib/stats';

const N = Number(process.argv[2] ?? 60);
const log = createLogger('bench-record', { level: 'silent' });

const services = await startBenchServices();
try {
  const emails = await services.seed(N);
  const config = loadRunnerConfig({
    NODE_ENV: 'test',
    MANA_AUTH_URL: services.authUrl,
    MANA_MCP_URL: services.mcpUrl,
    MANA_SERVICE_KEY: services.serviceKey,
    PERSONA_DRIVER: 'offline',
    PERSONA_CONCURRENCY: '2',
    RUNNER_ID: 'bench-record',
  });
  const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log });
  for (const email of emails) await runner.deps.sessions.get(email);
  const sizes: number[] = [];
  const timed = { with: { ms: [] as number[], bytes: [] as number[] }, without: { ms: [] as number[], bytes: [] as number[] } };
  const api = runner.deps.api!;
  const complete = api.complete.bind(api);
  let n = 0;
  api.complete = async (tickId: string, body: CompleteRequest) => {
    if (body.record) sizes.push(jsonBytes(body.record));
    const kind = n++ % 2 === 0 ? 'with' : 'without';
    const sent = kind === 'with' ? body : { ...body, record: undefined };
    const t = performance.now();
    const answer = await complete(tickId, sent);
    timed[kind].ms.push(performance.now() - t);
    timed[kind].bytes.push(Buffer.byteLength(JSON.stringify(sent)));
    return answer;
  };
  const summary = await runner.scheduler!.runNow();
  await runner.shutdown();
  console.log(`offline ticks: ${summary.succeeded}/${summary.claimed} in ${(summary.durationMs / 1000).toFixed(1)} s`);
  console.log(`record bytes per tick: n=${sizes.length} median ${percentile(sizes, 50)}, p99 ${percentile(sizes, 99)}, max ${Math.max(...sizes)}`);
  for (const kind of ['without', 'with'] as const) {
    console.log(
      `complete ${kind.padEnd(7)} record: n=${timed[kind].ms.length} body median ${percentile(timed[kind].bytes, 50)} B, latency p50 ${percentile(timed[kind].ms, 50).toFixed(1)} ms, p90 ${percentile(timed[kind].ms, 90).toFixed(1)} ms`,
    );
  }
  console.log(
    `machine: ${os.cpus().length} cores ${os.cpus()[0]?.model}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, database ${process.env.DATABASE_URL ? 'postgresql' : 'pglite'}`,
  );
} finally {
  await services.close();
}
