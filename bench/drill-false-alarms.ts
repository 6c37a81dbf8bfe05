/**
 * The false-alarm rate and the power of the report, measured (issue 21 §4).
 * For each seed, six 14-day drills of `e2e/drill.ts` ending on the seed's own
 * day and hour (the calendar moves with the seed), each on a fresh
 * in-memory PGlite in a process of its own (PGlite keeps its memory):
 *
 * - `catalogue`: the 12 catalogue personas `npm start` seeds, no fault;
 * - `generated`: 16 generated daily personas, no fault;
 * - `change`: the generated ones, the simulator changed on day 8 (the offline
 *   driver's variant policy: a star lower, calls in another order), no fault;
 * - `fault:<tool>`: the generated ones, one planted fault of DRILL_FAULTS from
 *   day 8 (an error rate, a latency, empty results), each alone;
 * - `low-exposure`: the generated ones, `contacts_search` returning nothing
 *   from day 8 — a tool about 4 personas call in both weeks (LOW_EXPOSURE_FAULT):
 *   the limit of the report's power, reported beside the drill's faults.
 *
 * A clean or change run that flags any product finding is a false alarm; a
 * fault is detected when its finding is a lead (not a consequence), and "alone"
 * when it is the run's only lead. Prints one line per run and the rates, and
 * writes every run as JSON lines to `--out` (default bench/results/drill.jsonl).
 * Run: `node --import tsx bench/drill-false-alarms.ts [seeds=20] [first=1] [--workers 2] [--scenarios catalogue,generated,change,faults,low-exposure]`
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@mana/db';
import { DRILL_SIMULATOR_CHANGE, DRILL_SINGLE_FAULTS, drillUntilOf, LOW_EXPOSURE_FAULT, runDrill } from '../e2e/drill';

const SCENARIOS = ['catalogue', 'generated', 'change', ...DRILL_SINGLE_FAULTS.map((f) => `fault:${f.key.split(':')[1]}`), 'low-exposure'] as const;
type Scenario = (typeof SCENARIOS)[number];

/** What one drill run found. */
interface RunResult {
  seed: number;
  scenario: Scenario;
  /** Product findings (tool, module, surface) that lead, and those shown as their consequences. */
  leads: string[];
  consequences: string[];
  notices: string[];
  tested: number;
  testable: number;
  personasCompared: number;
  calls: number;
  seconds: number;
}

/** The planted fault of a fault scenario (with the finding it must produce), or undefined. */
const faultOf = (scenario: Scenario) => (scenario === 'low-exposure' ? LOW_EXPOSURE_FAULT : DRILL_SINGLE_FAULTS.find((f) => scenario === `fault:${f.key.split(':')[1]}`));

async function runOne(seed: number, scenario: Scenario): Promise<RunResult> {
  const database = await createDatabase({ dataDir: 'memory://' });
  try {
    const started = performance.now();
    const fault = faultOf(scenario);
    const { report, summary } = await runDrill({
      database,
      seed,
      until: drillUntilOf(seed),
      population: scenario === 'catalogue' ? 'catalogue' : 'generated',
      faults: fault?.fault,
      simulatorChange: scenario === 'change' ? DRILL_SIMULATOR_CHANGE : undefined,
    });
    return {
      seed,
      scenario,
      leads: report.anomalies.filter((a) => !a.causedBy).map((a) => a.key),
      consequences: report.anomalies.filter((a) => a.causedBy).map((a) => a.key),
      notices: report.notices.map((n) => n.summary),
      tested: report.settings.tested,
      testable: report.settings.testable,
      personasCompared: report.population.both,
      calls: summary.actions,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await database.close();
  }
}

/** A run in a child process (a fresh heap each: PGlite does not give its memory back). */
function runChild(seed: number, scenario: Scenario): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', String(seed), scenario], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as RunResult);
      else reject(new Error(`seed ${seed} ${scenario}: exit ${code}: ${out.slice(-500)}`));
    });
  });
}

const rate = (n: number, of: number) => `${n} of ${of} (${of ? ((100 * n) / of).toFixed(0) : '–'} %)`;

function summarize(results: readonly RunResult[]): string[] {
  const lines: string[] = [''];
  for (const scenario of SCENARIOS) {
    const runs = results.filter((r) => r.scenario === scenario).sort((a, b) => a.seed - b.seed);
    if (runs.length === 0) continue;
    const fault = faultOf(scenario);
    if (fault) {
      const key = fault.key;
      const detected = runs.filter((r) => r.leads.includes(key));
      const alone = runs.filter((r) => r.leads.length === 1 && r.leads[0] === key);
      const missed = runs.filter((r) => !r.leads.includes(key)).map((r) => r.seed);
      const other = runs.filter((r) => r.leads.some((k) => k !== key)).map((r) => `${r.seed}: ${r.leads.filter((k) => k !== key).join(' ')}`);
      lines.push(
        `${scenario}: detected as a lead ${rate(detected.length, runs.length)}; the one lead ${rate(alone.length, runs.length)}` +
          `${missed.length ? `; missed in seeds ${missed.join(', ')}` : ''}${other.length ? `; other leads: ${other.join('; ')}` : ''}`,
      );
    } else {
      const alarms = runs.filter((r) => r.leads.length + r.consequences.length > 0);
      const announced = runs.filter((r) => r.notices.length > 0);
      lines.push(
        `${scenario}: runs that flagged anything ${rate(alarms.length, runs.length)}` +
          `${alarms.length ? ` (${alarms.map((r) => `seed ${r.seed}: ${[...r.leads, ...r.consequences].join(' ')}`).join('; ')})` : ''}` +
          `${scenario === 'change' ? `; change announced ${rate(announced.length, runs.length)}` : ''}`,
      );
    }
    const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b);
    lines.push(
      `  ${runs.length} runs, median ${seconds[seconds.length >> 1]} s, ${Math.round(runs.reduce((s, r) => s + r.tested, 0) / runs.length)} tests per run (${Math.round(runs.reduce((s, r) => s + r.testable, 0) / runs.length)} testable)`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--worker') {
    console.log(JSON.stringify(await runOne(Number(args[1]), args[2] as Scenario)));
    return;
  }
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const workers = Number(flag('--workers') ?? 2);
  const out = flag('--out') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'drill.jsonl');
  const wanted = (flag('--scenarios') ?? 'catalogue,generated,change,faults,low-exposure').split(',');
  const scenarios = SCENARIOS.filter((s) => wanted.includes(s) || (wanted.includes('faults') && s.startsWith('fault:')));
  const seeds = Number(args[0] ?? 20);
  const first = Number(args[1] ?? 1);
  console.log(
    `# bench/drill-false-alarms: seeds ${first}–${first + seeds - 1}, ${scenarios.join(' ')}, ${workers} workers; node ${process.version}, ${os.cpus().length} cores, ` +
      `load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${new Date().toISOString()}`,
  );
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, '');
  const jobs = Array.from({ length: seeds }, (_, i) => scenarios.map((scenario) => ({ seed: first + i, scenario }))).flat();
  const results: RunResult[] = [];
  const failed: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const result = await runChild(job.seed, job.scenario).catch((error: Error) => {
          // One run that cannot complete is said and counted; the others still run.
          failed.push(`seed ${job.seed} ${job.scenario}: ${error.message.split('\n')[0]}`);
          console.log(`seed ${job.seed} ${job.scenario}: FAILED — ${error.message.split('\n')[0]}`);
        });
        if (!result) continue;
        results.push(result);
        appendFileSync(out, `${JSON.stringify(result)}\n`);
        console.log(
          `seed ${result.seed} ${result.scenario}: ${result.leads.join(', ') || 'no finding'}${result.consequences.length ? ` (consequences: ${result.consequences.join(', ')})` : ''}` +
            `${result.notices.length ? ' [simulator change announced]' : ''} — ${result.tested} tests (${result.testable} testable), ${result.personasCompared} personas in both periods, ${result.calls} calls, ${result.seconds} s`,
        );
      }
    }),
  );
  for (const line of summarize(results)) console.log(line);
  if (failed.length) {
    console.log(`\n${failed.length} runs failed and are not counted above:\n${failed.join('\n')}`);
    process.exitCode = 1;
  }
  console.log(`\nwall ${((performance.now() - started) / 60_000).toFixed(1)} min, load ${os.loadavg()[0]!.toFixed(1)}; runs in ${out}`);
}

await main();
