import { availableParallelism } from 'node:os';
import { createFifoLimit } from '@mana/core';

/**
 * Bounds the password hashes (scrypt, N=16384 r=16: ~170 ms of CPU and 32 MiB each) one
 * mana-auth process computes at once, with a bounded queue behind them.
 *
 * Why: Better Auth hashes on libuv's thread pool (4 threads by default), the
 * pool that also runs node-postgres' SCRAM handshake of every new database
 * connection. 1,000 logins at once queued 1,000 hashes ahead of that
 * handshake: PostgreSQL gave up waiting ("canceling authentication due to
 * timeout" after `authentication_timeout`, 60 s), the pool reported
 * "Connection terminated unexpectedly" and every user lookup failed. Four
 * hashes at once on two cores were also slower in total than two (memory
 * bandwidth). So at most `concurrency` hashes run, at most `maxQueue` wait
 * (and only while the estimated wait stays under MAX_QUEUE_WAIT_MS), and any
 * further attempt is refused at once with a wait estimate (503 + Retry-After
 * at the edge) instead of starving the database connections.
 */
export interface PasswordGate {
  /** Runs `work` when a slot is free; throws `PasswordGateFull` when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  stats(): { active: number; queued: number };
}

export interface PasswordGateOptions {
  /** Hashes at once (AUTH_PASSWORD_CONCURRENCY). */
  concurrency: number;
  /** Hashes waiting for a slot before new ones are refused (AUTH_PASSWORD_QUEUE). */
  maxQueue: number;
  /** The clock hash times are measured with (tests pass their own). */
  nowMs?: () => number;
}

/**
 * A hash is also refused when its estimated wait passes this: on a starved
 * machine a hash takes seconds, and a caller must hear "retry later" well
 * before its own HTTP time-out (the runner's is 60 s), not time out in the queue.
 */
export const MAX_QUEUE_WAIT_MS = 30_000;

/** Thrown when the queue is full: try again in `retryAfterSeconds`. */
export class PasswordGateFull extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(`Too many logins at once; try again in ${retryAfterSeconds} s`);
    this.name = 'PasswordGateFull';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Default hashes at once: the cores, and at most 3 so one of the 4 pool threads stays free for database handshakes. */
export const defaultPasswordConcurrency = (): number => Math.max(1, Math.min(availableParallelism(), 3));

export function createPasswordGate(options: PasswordGateOptions): PasswordGate {
  const slots = createFifoLimit(options.concurrency);
  // Moving average of one hash's wall time, for the Retry-After estimate.
  let averageMs = 200;
  const nowMs = options.nowMs ?? (() => performance.now());

  return {
    run(work) {
      const { active, waiting } = slots.stats();
      if (active >= options.concurrency) {
        const waitMs = ((waiting + 1) * averageMs) / options.concurrency;
        if (waiting >= options.maxQueue || waitMs > MAX_QUEUE_WAIT_MS) {
          const seconds = ((waiting + active) * averageMs) / options.concurrency / 1000;
          return Promise.reject(new PasswordGateFull(Math.min(60, Math.max(1, Math.ceil(seconds)))));
        }
      }
      return slots.run(async () => {
        const started = nowMs();
        try {
          return await work();
        } finally {
          averageMs = averageMs * 0.9 + (nowMs() - started) * 0.1;
        }
      });
    },
    stats: () => {
      const { active, waiting } = slots.stats();
      return { active, queued: waiting };
    },
  };
}
