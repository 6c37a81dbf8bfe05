import type { Logger } from '@mana/core';
import type { PersonaDeps } from './persona-deps';
import { deleteOldRecords } from './tick-records';

/** How often the retention job runs. */
export const RECORD_RETENTION_INTERVAL_MS = 3_600_000;

/**
 * The scheduled retention job of mana-auth: deletes tick records older than
 * `days` (PERSONA_RECORD_RETENTION_DAYS) once at start and then every
 * `intervalMs`. Runs never overlap; a failed run is logged and retried at the
 * next interval. The timer does not keep the process alive. Returns `stop`.
 */
export function startRecordRetention(options: { deps: Pick<PersonaDeps, 'database' | 'now'>; days: number; log: Logger; intervalMs?: number; onRun?: (deleted: number) => void }): {
  stop(): Promise<void>;
} {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const deleted = await deleteOldRecords(options.deps, options.days);
        if (deleted > 0) options.log.info('old tick records deleted', { deleted, retentionDays: options.days });
        options.onRun?.(deleted);
      } catch (error) {
        options.log.warn('record retention failed; retrying at the next run', { error: (error as Error).message });
      }
    });
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? RECORD_RETENTION_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
