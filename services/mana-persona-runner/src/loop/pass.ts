import { ZERO_USAGE, type Claim } from '@mana/contracts';
import type { RunnerDeps } from '../deps';
import type { InternalApi } from '../clients/internal-api';
import { runPersonaSession, type ClaimSpan, type SessionOutcome } from './persona-session';
import { keepQueuedLeases } from './queued-leases';
import { runWorkerPool } from './worker-pool';

/**
 * What one pass of the loop did; `/health` shows the last one, `/diag/pass` returns it.
 * A pass is the runner's periodic claim-and-play cycle; a tick is one persona's slot.
 */
export interface PassSummary {
  startedAt: string;
  /** Ticks claimed (= due and taken by this runner) in this pass. */
  claimed: number;
  succeeded: number;
  failed: { tickId: string; email: string; error: string }[];
  durationMs: number;
  /** Claimed ahead but handed back unstarted at shutdown (completed as failed, retried after back-off). */
  released: number;
  /** Why nothing was claimed, when claiming was off from the start. */
  skipped?: 'paused' | 'budget_exhausted' | 'shutting_down';
  claimError?: string;
}

export interface PassOptions {
  /** Aborts running sessions (shutdown after the drain deadline). */
  abort: AbortSignal;
  /** False stops claiming: shutdown began. */
  accepting: () => boolean;
  onActiveChange?: (active: number) => void;
  /** Each finished tick with the claim it played (the scheduler's progress line). */
  onSession?: (outcome: SessionOutcome, claim: Claim) => void;
}

/**
 * One pass: claim due personas' ticks through a worker pool and play each one. A persona's
 * failure is its own (completed as failed); the pass itself only fails to claim.
 */
export async function runPass(deps: RunnerDeps & { api: InternalApi }, options: PassOptions): Promise<PassSummary> {
  const { config, metrics, budget } = deps;
  const startedAt = deps.now();
  const started = performance.now();
  const summary: PassSummary = { startedAt: startedAt.toISOString(), claimed: 0, succeeded: 0, failed: [], durationMs: 0, released: 0 };
  const blocker = () => (!options.accepting() ? 'shutting_down' : config.paused ? 'paused' : budget.exhausted() ? 'budget_exhausted' : undefined);
  if (config.dailyBudgetUsd > 0) {
    // The budget is shared by every runner: read today's spend before claiming (the last value stays on failure).
    await deps.api.spend().then(budget.sync, (error: unknown) => deps.log.warn('reading the shared daily spend failed', { error: (error as Error).message }));
  }
  const initial = blocker();
  if (initial) return { ...summary, skipped: initial };

  const seen = new Set<string>();
  const queuedLeases = keepQueuedLeases({ api: deps.api, config, log: deps.log });
  const claimSpans = new Map<string, ClaimSpan>();
  const claim = async (limit: number): Promise<Claim[]> => {
    const t0 = performance.now();
    const startTime = Date.now();
    // A claim takes a batch, so it is a short trace of its own; each tick's trace links to it.
    const { claims, link } = await deps.tracing.span('claim', { root: true, kind: 'client', attributes: { 'mana.claim.limit': limit } }, async (span) => ({
      claims: await deps.api.claim({ runnerId: config.runnerId, limit, leaseMs: config.leaseMs }),
      link: span.link(),
    }));
    metrics.claimSeconds.observe((performance.now() - t0) / 1000);
    for (const c of claims) claimSpans.set(c.tickId, { startTime, endTime: Date.now(), link });
    const fresh = claims.filter((c) => !seen.has(c.tickId));
    if (fresh.length < claims.length) deps.log.warn('claim returned a tick already played in this pass; leaving its lease to expire', { limit });
    fresh.forEach((c) => seen.add(c.tickId));
    queuedLeases.hold(fresh);
    // A repeat makes the answer shorter than asked, which the pool reads as "nothing more due".
    return fresh;
  };
  const work = async (c: Claim) => {
    if (!queuedLeases.take(c)) {
      summary.failed.push({ tickId: c.tickId, email: c.persona.email, error: 'lease lost while queued; another attempt owns the tick' });
      return;
    }
    const claimed = claimSpans.get(c.tickId);
    claimSpans.delete(c.tickId);
    const outcome = await runPersonaSession(deps, c, options.abort, claimed);
    if (outcome.status === 'succeeded') summary.succeeded += 1;
    else summary.failed.push({ tickId: outcome.tickId, email: outcome.email, error: outcome.error ?? 'unknown error' });
    options.onSession?.(outcome, c);
  };

  const release = async (claims: Claim[]) => {
    claims.forEach((c) => queuedLeases.take(c));
    await Promise.all(
      claims.map((c) =>
        deps.api
          .complete(c.tickId, {
            runnerId: config.runnerId,
            status: 'failed',
            error: 'released before start: runner shutting down',
            usage: ZERO_USAGE,
            driver: deps.driver.name,
            model: deps.driver.model,
          })
          .catch((error: unknown) => deps.log.warn('release failed; the lease will expire', { tickId: c.tickId, error: (error as Error).message })),
      ),
    );
  };

  const result = await runWorkerPool({
    concurrency: config.concurrency,
    claimAhead: config.claimAhead,
    claim,
    work,
    release,
    canClaim: () => blocker() === undefined,
    stopping: () => !options.accepting(),
    onActiveChange: options.onActiveChange,
    onError: (error) => deps.log.error('persona session crashed', { error: (error as Error).message }),
  });
  queuedLeases.stop();
  summary.claimed = result.claimed;
  summary.released = result.released;
  if (result.claimError) summary.claimError = result.claimError.message;
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}
