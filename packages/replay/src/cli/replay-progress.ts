import type { PersonaProgress, TickProgress } from '../engine/options';

/** Where progress goes: a redrawn bar on a terminal, one line per persona on a pipe. */
export interface ReplayProgress {
  tick(progress: TickProgress): void;
  persona(progress: PersonaProgress): void;
  end(): void;
}

const BAR = 28;

/** Progress on `stream` (standard error: standard output may carry the Markdown summary). */
export function createReplayProgress(stream: NodeJS.WriteStream): ReplayProgress {
  const tty = stream.isTTY === true;
  const started = performance.now();
  return {
    tick(p) {
      if (!tty) return;
      const filled = Math.round((p.ticksDone / Math.max(1, p.ticks)) * BAR);
      const seconds = (performance.now() - started) / 1000;
      stream.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] tick ${p.ticksDone}/${p.ticks}  ${p.callsDone} calls  ${p.differences} differences  ${seconds > 0 ? (p.callsDone / seconds).toFixed(0) : 0} calls/s`,
      );
    },
    persona(p) {
      if (tty) return;
      stream.write(`persona ${p.personasDone}/${p.personas} ${p.ref}: ${p.ticks} ticks, ${p.calls} calls, ${p.differences} differences\n`);
    },
    end() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
