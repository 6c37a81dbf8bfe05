import { setMaxListeners } from 'node:events';
import type { RunnerDeps } from '../deps';
import type { InternalApi } from '../clients/internal-api';
import { runPass, type PassSummary } from './pass';
import { logPass, logTick } from './progress-log';

/** The runner's loop: the first pass at start, then one every interval, never overlapping itself. */
export interface Scheduler {
  /** Starts the loop; the first pass runs now. */
  start(): void;
  /** Runs one pass now (after a running one finishes) and returns its summary. */
  runNow(): Promise<PassSummary>;
  /**
   * Stops claiming, lets in-flight sessions finish for up to `deadlineMs`, then aborts
   * the rest (they are completed as failed, releasing their leases) and waits for them.
   */
  shutdown(deadlineMs: number): Promise<{ drained: boolean }>;
  state(): { running: boolean; stopping: boolean; inFlight: number; lastPass: PassSummary | null };
}

export function createScheduler(deps: RunnerDeps & { api: InternalApi }): Scheduler {
  const abort = new AbortController();
  // Every running session listens to this one signal.
  setMaxListeners(0, abort.signal);
  let chain: Promise<unknown> = Promise.resolve();
  let running = false;
  let stopping = false;
  let started = false;
  let inFlight = 0;
  let lastPass: PassSummary | null = null;
  let timer: NodeJS.Timeout | undefined;

  const passOnce = async (): Promise<PassSummary> => {
    running = true;
    try {
      const summary = await runPass(deps, {
        abort: abort.signal,
        accepting: () => !stopping,
        onActiveChange: (active) => {
          inFlight = active;
          deps.metrics.inFlight.set(active);
        },
        onSession: (outcome, claim) => logTick(deps.log, outcome, claim.persona),
      });
      lastPass = summary;
      deps.metrics.passes.inc({ outcome: summary.skipped ? `skipped_${summary.skipped}` : summary.claimError ? 'claim_error' : 'completed' });
      logPass(deps.log, summary);
      return summary;
    } finally {
      running = false;
    }
  };

  // Serialises every pass (scheduled or on demand) on one chain: no overlap by construction.
  const enqueue = () => {
    const next = chain.then(passOnce);
    chain = next.catch((error: unknown) => deps.log.error('pass crashed', { error: (error as Error).message }));
    return next;
  };

  const loop = async () => {
    const begun = Date.now();
    await enqueue().catch(() => undefined);
    if (stopping) return;
    timer = setTimeout(() => void loop(), Math.max(0, begun + deps.config.passIntervalMs - Date.now()));
  };

  return {
    start() {
      if (started) return;
      started = true;
      void loop();
    },
    runNow: enqueue,
    async shutdown(deadlineMs) {
      stopping = true;
      clearTimeout(timer);
      let deadline: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        chain.then(() => true),
        new Promise<boolean>((resolve) => {
          deadline = setTimeout(() => resolve(false), deadlineMs);
        }),
      ]);
      clearTimeout(deadline);
      if (!drained) {
        deps.log.warn('drain deadline reached; aborting in-flight sessions', { inFlight, deadlineMs });
        abort.abort(new Error('aborted: runner shutting down'));
        await chain;
      }
      return { drained };
    },
    state: () => ({ running, stopping, inFlight, lastPass }),
  };
}
