/** How one pool run is fed and what it does with each item. */
export interface WorkerPoolOptions<T> {
  concurrency: number;
  /** Claims up to `limit` items; fewer than asked means nothing more is due. */
  claim: (limit: number) => Promise<T[]>;
  /** Runs one item; a rejection is reported to `onError` and frees the slot like a success. */
  work: (item: T) => Promise<void>;
  /** Checked before every claim: false stops claiming (shutdown, pause, budget); running work finishes. */
  canClaim: () => boolean;
  onActiveChange?: (active: number) => void;
  onError?: (error: unknown) => void;
}

export interface WorkerPoolResult {
  claimed: number;
  /** Set when a claim failed; claiming stopped there and the running work was drained. */
  claimError?: Error;
}

/**
 * A pool of `concurrency` slots that refills as soon as a slot frees, not in fixed
 * chunks: every free slot is offered to the next claim, and one claim is in flight at
 * a time (slots freeing meanwhile are claimed together in the next one). Resolves
 * once claiming has stopped and every started item has finished.
 */
export function runWorkerPool<T>(options: WorkerPoolOptions<T>): Promise<WorkerPoolResult> {
  return new Promise((resolve) => {
    let active = 0;
    let claimed = 0;
    let claiming = false;
    let exhausted = false;
    let claimError: Error | undefined;

    const setActive = (delta: number) => {
      active += delta;
      options.onActiveChange?.(active);
    };

    const start = (item: T) => {
      setActive(1);
      claimed += 1;
      let running: Promise<void>;
      try {
        running = options.work(item);
      } catch (error) {
        running = Promise.reject(error);
      }
      running.catch((error: unknown) => options.onError?.(error)).finally(() => {
        setActive(-1);
        pump();
      });
    };

    const pump = () => {
      if (claiming) return;
      if (!exhausted && !options.canClaim()) exhausted = true;
      if (exhausted) {
        if (active === 0) resolve({ claimed, claimError });
        return;
      }
      const free = options.concurrency - active;
      if (free <= 0) return;
      claiming = true;
      options.claim(free).then(
        (items) => {
          claiming = false;
          if (items.length < free) exhausted = true;
          items.forEach(start);
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
