/** How one back-off limiter counts: free failures, then a doubling wait up to a cap. */
export interface BackoffRule {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  /** The longest wait (no hard lock-out beyond it). */
  maxMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
}

/**
 * Failure counts per key with exponential back-off, in bounded memory: at most
 * `maxKeys` keys are kept; the least recently failed one is dropped first, and
 * a key quiet for `forgetAfterMs` is forgotten when next read. Memory is
 * O(maxKeys) whatever an attacker sends.
 */
export interface BackoffLimiter {
  /** Milliseconds until `key` may try again (0 = now). */
  waitMs(key: string): number;
  /** Counts one failure (or one use, for limits on every attempt). */
  fail(key: string): void;
  clear(key: string): void;
  size(): number;
}

interface Entry {
  failures: number;
  lastMs: number;
  blockedUntilMs: number;
}

export function createBackoffLimiter(rule: BackoffRule, options: { maxKeys: number; nowMs: () => number }): BackoffLimiter {
  const entries = new Map<string, Entry>();
  const current = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && options.nowMs() - entry.lastMs >= rule.forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    waitMs(key) {
      const entry = current(key);
      return entry ? Math.max(0, entry.blockedUntilMs - options.nowMs()) : 0;
    },
    fail(key) {
      const now = options.nowMs();
      const entry = current(key) ?? { failures: 0, lastMs: now, blockedUntilMs: 0 };
      entry.failures += 1;
      entry.lastMs = now;
      const over = entry.failures - rule.free;
      if (over >= 0) entry.blockedUntilMs = now + Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(over, 40));
      // Re-insert so Map order is least recently failed first; drop the oldest beyond the cap.
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > options.maxKeys) entries.delete(entries.keys().next().value as string);
    },
    clear: (key) => void entries.delete(key),
    size: () => entries.size,
  };
}
