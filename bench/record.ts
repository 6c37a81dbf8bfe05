/**
 * The day's record: its size per tick with the offline driver (median, p99)
 * and what it adds to the tick completion (request bytes, latency), with and
 * without the record side by side in one run. Real mana-auth + mana-mcp on a
 * fresh test database (PGlite, or PostgreSQL with DATABASE_URL).
 * Run: `node --import tsx bench/record.ts [personas]`.
 */
import os from 'node:os';
import type { CompleteRequest, TickRecord } from '@mana/contracts';
import { createLogger } from '@mana/core';
import { createDriver, createRunner } from '@mana/persona-runner';
import { createInternalApi } from '../services/mana-persona-runner/src/clients/internal-api';
import { createRunnerStack } from '../services/mana-persona-runner/src/testing/stack';

const N = Number(process.argv[2] ?? 40);
const log = createLogger('bench-record', { level: 'silent' });
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const stack = await createRunnerStack({ mcpEnv: { MCP_RATE_LIMIT_PER_MINUTE: '100000' } });
try {
  await stack.seed(N);
  const config = stack.config({ PERSONA_CONCURRENCY: '2' });
  const runner = createRunner({ config, driver: createDriver(config.driver, { log }), log, now: stack.now });
  const t0 = performance.now();
  const summary = await runner.scheduler!.runNow();
  await runner.shutdown(1_000);
  const rows = await stack.database.query<{ bytes: number; truncated: boolean; record: TickRecord }>(`select bytes, truncated, record from persona_tick_records`);
  const sizes = rows.map((r) => Number(r.bytes));
  const calls = rows.map((r) => r.record.entries.filter((e) => e.type === 'call').length);
  console.log(`offline ticks: ${summary.succeeded}/${summary.claimed} in ${((performance.now() - t0) / 1000).toFixed(1)} s; records: ${rows.length}, truncated: ${rows.filter((r) => r.truncated).length}`);
  console.log(`record bytes per tick: median ${pct(sizes, 50)}, p99 ${pct(sizes, 99)}, max ${Math.max(...sizes)}; calls per tick median ${pct(calls, 50)}`);

  // Completion with and without the record, alternating which goes first per pair, on fresh ticks of fresh personas.
  await stack.seed(2 * N, { prefix: 'c' });
  const api = createInternalApi({ authUrl: stack.authUrl, serviceKey: stack.auth.config.serviceKey });
  const claims = await api.claim({ runnerId: 'bench', limit: 2 * N, leaseMs: 600_000 });
  const timed: Record<'with' | 'without', { ms: number[]; bytes: number[] }> = { with: { ms: [], bytes: [] }, without: { ms: [], bytes: [] } };
  for (let i = 0; i + 1 < claims.length; i += 2) {
    const record = rows[(i / 2) % rows.length].record;
    const pair = [claims[i], claims[i + 1]];
    const order = (i / 2) % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const [k, kind] of order.entries()) {
      const claim = pair[k];
      const actions = record.entries.flatMap((e) => (e.type === 'call' ? [{ tickId: claim.tickId, callId: e.callId, toolName: e.toolName, inputHash: 'h', result: e.result, latencyMs: e.latencyMs, calledAt: e.at }] : []));
      const body: CompleteRequest = { status: 'succeeded', attempt: claim.attempt, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, driver: 'offline', actions, ...(kind === 'with' ? { record } : {}) };
      const t = performance.now();
      await api.complete(claim.tickId, body);
      timed[kind].ms.push(performance.now() - t);
      timed[kind].bytes.push(Buffer.byteLength(JSON.stringify(body)));
    }
  }
  for (const kind of ['without', 'with'] as const) {
    console.log(`complete ${kind.padEnd(7)} record: n=${timed[kind].ms.length} body median ${pct(timed[kind].bytes, 50)} B, latency p50 ${pct(timed[kind].ms, 50).toFixed(1)} ms p90 ${pct(timed[kind].ms, 90).toFixed(1)} ms`);
  }
  console.log(`machine: ${os.cpus().length} cores ${os.cpus()[0]?.model}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, database ${stack.database.kind}`);
} finally {
  await stack.close();
}
