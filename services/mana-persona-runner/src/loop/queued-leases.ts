import type { Claim } from '@mana/contracts';
import { isAppError, type Logger } from '@mana/core';
import type { InternalApi } from '../clients/internal-api';
import type { RunnerConfig } from '../config';

/**
 * Keeps the leases of claimed-but-not-yet-started ticks alive. A pass claims ahead
 * of its free slots; under load a tick can wait in the queue longer than its lease,
 * expire, and be claimed again (by another runner, or by this one as a repeat) while
 * its first claim is still queued here. One timer beats every queued claim each third
 * of the lease; a claim whose lease was lost anyway is not started.
 */
export interface QueuedLeases {
  hold(claims: Claim[]): void;
  /** Removes a claim from the queue; false when its lease was lost while it waited. */
  take(claim: Claim): boolean;
  stop(): void;
}

export function keepQueuedLeases(options: { api: InternalApi; config: Pick<RunnerConfig, 'leaseMs' | 'runnerId'>; log: Logger }): QueuedLeases {
  const { api, config, log } = options;
  const queued = new Map<string, Claim>();
  const lost = new Set<string>();
  const beat = async (claim: Claim) => {
    try {
      await api.heartbeat(claim.tickId, { runnerId: config.runnerId, leaseMs: config.leaseMs, attempt: claim.attempt });
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
        if (queued.delete(claim.tickId)) lost.add(claim.tickId);
        log.warn('lease of a queued tick lost; it will not be started', { tickId: claim.tickId, error: error.message });
      } else log.warn('heartbeat of a queued tick failed', { tickId: claim.tickId, error: (error as Error).message });
    }
  };
  const timer = setInterval(() => void Promise.all([...queued.values()].map(beat)), Math.max(1_000, Math.floor(config.leaseMs / 3)));
  timer.unref();
  return {
    hold: (claims) => claims.forEach((claim) => queued.set(claim.tickId, claim)),
    take: (claim) => {
      queued.delete(claim.tickId);
      return !lost.delete(claim.tickId);
    },
    stop: () => clearInterval(timer),
  };
}
