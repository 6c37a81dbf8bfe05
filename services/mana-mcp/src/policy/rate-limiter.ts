/** The answer of the rate limiter for one call. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Rolling-window limiter: at most `limit` calls per key within `windowMs`. */
export interface RateLimiter {
  check(key: string, nowMs: number): RateDecision;
  /** Drops keys with no call inside the window (called by the session sweeper). */
  prune(nowMs: number): void;
}

/**
 * A sliding-log limiter kept in memory. Each key holds the timestamps of its
 * allowed calls in the last window; refused calls are not logged, so a client
 * that backs off gets through as soon as the oldest call leaves the window.
 * Per process: with several mana-mcp replicas the limit applies per replica.
 */
export function createRateLimiter(options: { limit: number; windowMs?: number }): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const log = new Map<string, number[]>();

  const recent = (key: string, nowMs: number) => {
    const stamps = (log.get(key) ?? []).filter((stamp) => stamp > nowMs - windowMs);
    log.set(key, stamps);
    return stamps;
  };

  return {
    check(key, nowMs) {
      const stamps = recent(key, nowMs);
      if (stamps.length >= options.limit) {
        return { allowed: false, retryAfterMs: Math.max(0, stamps[0]! + windowMs - nowMs) };
      }
      stamps.push(nowMs);
      return { allowed: true };
    },
    prune(nowMs) {
      for (const key of [...log.keys()]) if (recent(key, nowMs).length === 0) log.delete(key);
    },
  };
}
