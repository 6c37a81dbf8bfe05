import type { Claim } from '@mana/contracts';
import { isAppError, type Logger } from '@mana/core';
import type { InternalApi } from '../clients/internal-api';
import type { RunnerConfig } from '../config';
import type { ActionReporter } from './action-reporter';

/**
 * Keeps a long session's lease alive (every third of the lease) and flushes its
 * buffered actions on the same beat. A lease another runner took over, or a later
 * attempt of the same tick (CONFLICT / NOT_FOUND), aborts the session instead of
 * letting two sessions play one tick.
 */
export function startHeartbeat(options: {
  api: InternalApi;
  claim: Claim;
  config: Pick<RunnerConfig, 'leaseMs' | 'runnerId'>;
  reporter: ActionReporter;
  onLeaseLost: (message: string) => void;
  log: Logger;
}): { stop(): void } {
  const { api, claim, config, reporter, log } = options;
  const beat = async () => {
    await reporter.flush();
    try {
      await api.heartbeat(claim.tickId, { runnerId: config.runnerId, leaseMs: config.leaseMs, attempt: claim.attempt });
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) options.onLeaseLost(`lease lost: ${error.message}`);
      else log.warn('heartbeat failed', { error: (error as Error).message });
    }
  };
  const timer = setInterval(() => void beat(), Math.max(1_000, Math.floor(config.leaseMs / 3)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
