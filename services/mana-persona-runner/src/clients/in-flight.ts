/**
 * At most `max` requests of one runner in flight to mana-auth; the others wait
 * here, inside their own time-out. Without it 1,000 slots opened ~1,000
 * connections at once: mana-auth's accept queue (511) overflowed on a busy
 * machine and requests failed with "fetch failed" (the kernel counted ~25,000
 * listen overflows in one run) instead of waiting their turn.
 */
export interface InFlightLimit {
  /** Runs `work` once a slot is free; rejects with the signal's reason if it aborts while waiting. */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  stats(): { active: number; waiting: number };
}

export function createInFlightLimit(max: number): InFlightLimit {
  let active = 0;
  const waiting: Array<{ resolve: () => void }> = [];

  const acquire = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = waiting.indexOf(entry);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(entry);
    });

  return {
    async run(work, signal) {
      if (active < max) active += 1;
      else await acquire(signal); // the slot is handed over by the finishing request
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next.resolve();
        else active -= 1;
      }
    },
    stats: () => ({ active, waiting: waiting.length }),
  };
}
