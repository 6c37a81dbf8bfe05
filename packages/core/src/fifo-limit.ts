/**
 * At most `max` pieces of work at once; the others wait in arrival order (a FIFO
 * counting semaphore). The one primitive behind mana-auth's password gate (which
 * adds its queue bound and wait estimate) and the runner's in-flight limits (which
 * add their time-outs through the signal).
 *
 * Kept here rather than taken from p-limit/p-queue: p-limit cannot drop a waiting
 * call whose signal aborts, and p-queue (which can since 9.1.1) brings an event
 * emitter and a time-out library for what is about forty lines.
 */
export interface FifoLimit {
  /**
   * Runs `work` once a slot is free. If `signal` aborts while the call waits, the
   * call leaves the queue and rejects with the signal's reason without running.
   */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Work running now, and calls waiting for a slot. */
  stats(): { active: number; waiting: number };
}

/** A FIFO limit of `max` at once. */
export function createFifoLimit(max: number): FifoLimit {
  let active = 0;
  const waiting: Array<() => void> = [];

  const acquire = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const index = waiting.indexOf(take);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const take = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(take);
    });

  return {
    async run(work, signal) {
      if (active < max) active += 1;
      else await acquire(signal); // the slot is handed over by the finishing call, so `active` stays counted
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active -= 1;
      }
    },
    stats: () => ({ active, waiting: waiting.length }),
  };
}
