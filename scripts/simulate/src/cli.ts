/**
 * `npm run simulate -- --days 14 [...]`: see USAGE in cli-args.ts. Ctrl-C stops
 * after the tick in progress and keeps what is written (a second Ctrl-C exits at once).
 */
import { isAppError, UsageError } from '@mana/core';
import { runCli } from '@mana/personas-scripts';
import { parseSimulateArgs, USAGE } from './cli-args';
import { createProgress } from './progress';
import { simulate } from './simulate';

runCli(async () => {
  const { options, speedReport, help } = parseSimulateArgs(process.argv.slice(2), process.env);
  if (help) {
    console.log(USAGE);
    return;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nStopping after the tick in progress (Ctrl-C again to quit at once)...\n');
    stop.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const progress = createProgress(process.stdout);
  let summary: Awaited<ReturnType<typeof simulate>>;
  try {
    summary = await simulate({ ...options, signal: stop.signal, onStep: progress.step, onDay: progress.day });
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION') throw new UsageError(error.message, USAGE);
    throw error;
  }
  progress.end(summary);
  if (speedReport) {
    const cpu = summary.cpu;
    const wall = summary.wallMs / 1000;
    console.log(
      [
        `wall ${wall.toFixed(1)} s; ${summary.personaDaysPerSecond} persona-days/s; ${summary.ticksPerSecond} ticks/s; ${(summary.actions / wall).toFixed(1)} tool calls/s`,
        `CPU: ${cpu.processSeconds} s in this process (${((100 * cpu.processSeconds) / wall).toFixed(0)}% of one core) = mana-auth + mana-mcp + runner${summary.database === 'pglite' ? ' + PGlite' : ''}, one process`,
        cpu.postgresSeconds !== undefined ? `CPU: ${cpu.postgresSeconds} s in the PostgreSQL backends of this database (/proc)` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  if (summary.interrupted) process.exitCode = 130;
});
