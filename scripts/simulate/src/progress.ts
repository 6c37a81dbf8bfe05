import type { DayReport } from './history';
import type { StepReport } from './options';
import type { SimulationSummary } from './simulate';

/** Where progress goes: a redrawn bar on a terminal, one plain line per day otherwise. */
export interface Progress {
  step(step: StepReport): void;
  day(day: DayReport): void;
  end(summary: SimulationSummary): void;
}

const BAR = 28;

export function createProgress(stream: NodeJS.WriteStream): Progress {
  const started = performance.now();
  let toolErrors = 0;
  let actions = 0;
  const rate = (step: StepReport) => {
    const seconds = (performance.now() - started) / 1000;
    return seconds > 0 ? (step.personas * step.done * step.days) / seconds : 0;
  };
  const clear = () => stream.isTTY && stream.write('\r\x1b[2K');

  return {
    step(step) {
      if (!stream.isTTY) return;
      const filled = Math.round(step.done * BAR);
      const daysDone = Math.floor(step.done * step.days);
      clear();
      stream.write(
        `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] day ${daysDone}/${step.days}  ${rate(step).toFixed(1)} persona-days/s  ${actions} tool calls, ${toolErrors} tool errors  (${step.at.toISOString().slice(0, 16)}Z)`,
      );
    },
    day(day) {
      toolErrors += day.toolErrors;
      actions += day.actions;
      if (stream.isTTY) return;
      stream.write(
        `day ${day.day}/${day.days} ${day.from.toISOString().slice(0, 16)}Z: ${day.ticks} ticks (${day.failedTicks} failed), ${day.actions} tool calls, ${day.toolErrors} tool errors, ${day.ratings} ratings, ${(day.wallMs / 1000).toFixed(1)} s\n`,
      );
    },
    end(summary) {
      clear();
      stream.write(
        `${summary.interrupted ? 'Stopped (Ctrl-C) after' : 'Simulated'} ${summary.daysDone} day(s) ${summary.from} .. ${summary.until} on ${summary.database}: ` +
          `${summary.personas} personas, ${summary.ticks} ticks (${summary.failedTicks} failed), ${summary.actions} tool calls (${summary.toolErrors} errors), ${summary.ratings} ratings ` +
          `in ${(summary.wallMs / 1000).toFixed(1)} s (${summary.personaDaysPerSecond} persona-days/s, seed ${summary.seed}).\n`,
      );
      if (summary.interrupted) stream.write('What was written stays; run again with --append to continue after the last tick.\n');
    },
  };
}
