/** How one pool run is fed and what it does with each item. */
export interface WorkerPoolOptions<T> {
  concurrency: number;
  /**
   * Items claimed ahead of free slots, so a freed slot restarts at once instead of
   * waiting for a claim round trip. 0 claims only for free slots.
   */
  claimAhead?: number;
  /** Claims up to `limit` items; fewer than asked means nothing more is due. */
  claim: (limit: number) => Promise<T[]>;
  /** Runs one item; a rejection is reported to `onError` and frees the slot like a success. */
  work: (item: T) => Promise<void>;
  /** Checked before every claim: false stops claiming (pause, budget, shutdown); running and claimed work finishes. */
  canClaim: () => boolean;
  /** True once claimed-but-unstarted items must be handed back instead of started (shutdown). */
  stopping?: () => boolean;
  /** Hands back claimed items that will not be started. */
  release?: (items: T[]) => Promise<void>;
  onActiveChange?: (active: number) => void;
  onError?: (error: unknown) => void;
}

export interface WorkerPoolResult {
  claimed: number;
  /** Claimed but handed back unstarted (shutdown). */
  released: number;
  /** Set when a claim failed; claiming stopped there and the running work was drained. */
  claimError?: Error;
}

/**
 * A pool of `concurrency` slots that refills as soon as a slot frees, not in fixed
 * chunks: every free slot (plus `claimAhead`) is offered to the next claim, one claim
 * in flight at a time, and a freed slot takes the next claimed item at once.
 * Resolves once claiming has stopped and every claimed item has finished or been released.
 */
export function runWorkerPool<T>(options: WorkerPoolOptions<T>): Promise<WorkerPoolResult> {
  const ahead = Math.max(0, options.claimAhead ?? 0);
  return new Promise((resolve) => {
    let active = 0;
    let claimed = 0;
    let released = 0;
    let releasing = 0;
    let claiming = false;
    let exhausted = false;
    let claimError: Error | undefined;
    let waiting: T[] = [];

    const setActive = (delta: number) => {
      active += delta;
      options.onActiveChange?.(active);
    };

    const start = (item: T) => {
      setActive(1);
      let running: Promise<void>;
      try {
        running = options.work(item);
      } catch (error) {
        running = Promise.reject(error);
      }
      running
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          setActive(-1);
          pump();
        });
    };

    const handBack = () => {
      if (waiting.length === 0) return;
      const items = waiting;
      waiting = [];
      released += items.length;
      releasing += 1;
      (options.release?.(items) ?? Promise.resolve())
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          releasing -= 1;
          pump();
        });
    };

    const pump = () => {
      if (options.stopping?.()) handBack();
      while (active < options.concurrency && waiting.length > 0) start(waiting.shift()!);
      if (claiming) return;
      if (!exhausted && !options.canClaim()) exhausted = true;
      if (exhausted) {
        if (active === 0 && waiting.length === 0 && releasing === 0) resolve({ claimed, released, claimError });
        return;
      }
      const want = options.concurrency + ahead - active - waiting.length;
      if (want <= 0) return;
      claiming = true;
      options.claim(want).then(
        (items) => {
          claiming = false;
          claimed += items.length;
          if (items.length < want) exhausted = true;
          waiting.push(...items);
          pump();
        },
        (error: unknown) => {
          claiming = false;
          exhausted = true;
          claimError = error instanceof Error ? error : new Error(String(error));
          pump();
        },
      );
    };

    pump();
  });
}
