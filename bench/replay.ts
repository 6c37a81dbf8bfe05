/**
 * `npm run replay`'s speed against `npm run simulate` of the same persona-days:
 * each round simulates P personas over D days (offline driver, virtual clock)
 * into a fresh in-memory PGlite, exports the days as a recording, and replays
 * that recording into another fresh in-memory PGlite (this same build, so the
 * replay finds nothing). Both are timed from an open, migrated database to
 * their result, services' start-up included. Prints each round and the medians
 * side by side; the goal is a replay at least as fast as the simulation.
 * Run: `node --import tsx bench/replay.ts [personas=100] [days=10] [rounds=3] [concurrency=16]`
 * (100 x 10 = 1,000 persona-days).
 */
import os from 'node:os';
import { createDatabase } from '@mana/db';
import { exportRecording, replay } from '@mana/replay';
import { simulate } from '@mana/simulate';
import { median } from './lib/stats';

const PERSONAS = Number(process.argv[2] ?? 100);
const DAYS = Number(process.argv[3] ?? 10);
const ROUNDS = Number(process.argv[4] ?? 3);
const CONCURRENCY = Number(process.argv[5] ?? 16);
const env = { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'warn', MCP_FAULTS: undefined };
const until = new Date('2026-11-20T00:00:00Z');
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

console.log(
  `# bench/replay: ${PERSONAS} personas x ${DAYS} days, ${ROUNDS} rounds, simulate concurrency ${CONCURRENCY}; node ${process.version}, ${os.cpus().length} cores, load ${load()}, ${new Date().toISOString()}`,
);
console.log('| round | persona-days | ticks | tool calls | simulate s | replay s | replay / simulate | replay differences | load after |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
const simulated: number[] = [];
const replayed: number[] = [];
let personaDays = 0;
for (let round = 1; round <= ROUNDS; round++) {
  const source = await createDatabase({ dataDir: 'memory://' });
  const simStart = performance.now();
  const summary = await simulate({ database: source, days: DAYS, personas: PERSONAS, seed: round, until, concurrency: CONCURRENCY, env });
  const simMs = performance.now() - simStart;
  const { recording } = await exportRecording(source, { since: new Date(summary.from), until: new Date(summary.until) });
  await source.close();

  const target = await createDatabase({ dataDir: 'memory://' });
  const replayStart = performance.now();
  const result = await replay({ recording, database: target, env, latency: { minMs: 1e9 } });
  const replayMs = performance.now() - replayStart;
  await target.close();

  // A same-build replay should find nothing: what it found is printed (a determinism gap of the simulation or the replay).
  for (const d of result.differences.slice(0, 5)) console.error(`  ${d.kind} ${d.tool} (persona ${d.persona}, step ${d.step}): ${d.detail}`);
  simulated.push(simMs);
  replayed.push(replayMs);
  personaDays = summary.personaDays;
  console.log(
    `| ${round} | ${summary.personaDays} | ${summary.ticks} | ${summary.actions} | ${(simMs / 1000).toFixed(1)} | ${(replayMs / 1000).toFixed(1)} | ${(replayMs / simMs).toFixed(2)} | ${result.totals.differences} | ${load()} |`,
  );
}
const [sim, rep] = [median(simulated), median(replayed)];
console.log(
  `\nmedians: simulate ${(sim / 1000).toFixed(1)} s (${(personaDays / (sim / 1000)).toFixed(1)} persona-days/s), replay ${(rep / 1000).toFixed(1)} s (${(personaDays / (rep / 1000)).toFixed(1)} persona-days/s); replay / simulate ${(rep / sim).toFixed(2)}`,
);
