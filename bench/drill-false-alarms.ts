/**
 * The regression drill over several seeds: for each seed the 14-day drill of
 * `e2e/drill.ts` without faults (every anomaly is a false alarm) and with its
 * three faults from day 8 (each expected finding found or missed; anything
 * else flagged is a false alarm too), each on a fresh in-memory PGlite
 * database. Prints one line per run and the rates.
 * Run: `node --import tsx bench/drill-false-alarms.ts [seeds=10] [first seed=1]`
 */
import os from 'node:os';
import { createDatabase } from '@mana/db';
import { DRILL_FAULTS, EXPECTED_FINDINGS, runDrill } from '../e2e/drill';

const SEEDS = Number(process.argv[2] ?? 10);
const FIRST = Number(process.argv[3] ?? 1);
const expectedKeys = new Set<string>(EXPECTED_FINDINGS.map((f) => f.key));
/** A module whose faulty tool made its personas rate it lower is a true finding, not a false alarm. */
const alsoTrue = new Set<string>(EXPECTED_FINDINGS.map((f) => `module:${f.module}:rating`));

async function drill(seed: number, faults?: string) {
  const database = await createDatabase({ dataDir: 'memory://' });
  try {
    const started = performance.now();
    const { report, summary } = await runDrill({ database, seed, faults });
    return { keys: report.anomalies.map((a) => a.key), tested: report.settings.tested, actions: summary.actions, seconds: (performance.now() - started) / 1000 };
  } finally {
    await database.close();
  }
}

console.log(
  `# bench/drill-false-alarms: ${SEEDS} seeds from ${FIRST}; node ${process.version}, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${new Date().toISOString()}`,
);
let cleanRunsWithAlarm = 0;
let falseAlarms = 0;
let tests = 0;
const found = new Map<string, number>([...expectedKeys, ...alsoTrue].map((key) => [key, 0]));
for (let seed = FIRST; seed < FIRST + SEEDS; seed++) {
  const clean = await drill(seed);
  const faulty = await drill(seed, DRILL_FAULTS);
  const wrong = faulty.keys.filter((key) => !expectedKeys.has(key) && !alsoTrue.has(key));
  if (clean.keys.length > 0) cleanRunsWithAlarm++;
  falseAlarms += clean.keys.length + wrong.length;
  tests += clean.tested + faulty.tested;
  for (const key of faulty.keys) if (found.has(key)) found.set(key, found.get(key)! + 1);
  console.log(
    `seed ${seed}: no faults -> ${clean.keys.join(', ') || 'no anomaly'} (${clean.tested} tests, ${clean.actions} calls, ${clean.seconds.toFixed(0)} s); ` +
      `faults -> ${faulty.keys.join(', ') || 'no anomaly'} (${faulty.tested} tests, ${faulty.seconds.toFixed(0)} s)`,
  );
}
console.log(`\nruns without faults that flagged anything: ${cleanRunsWithAlarm} of ${SEEDS} (${((100 * cleanRunsWithAlarm) / SEEDS).toFixed(0)} %)`);
console.log(`false alarms: ${falseAlarms} in ${tests} tests of both drills (${((100 * falseAlarms) / tests).toFixed(2)} % per test)`);
for (const [key, n] of found) console.log(`detected ${key}: ${n} of ${SEEDS} (${((100 * n) / SEEDS).toFixed(0)} %)${alsoTrue.has(key) ? " (the faulty tool's module)" : ''}`);
