import { sql, type SQL } from 'drizzle-orm';
import { asyncCommit, rowsOf, type Db } from '@mana/db';

/** The answer of the rate limiter for one call. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** At most `limit` calls per key within a rolling `windowMs`, counted by every replica. */
export interface RateLimiter {
  check(key: string, nowMs: number): Promise<RateDecision>;
  /**
   * `check`'s statement as the body of a data-modifying CTE, for a caller that
   * folds the check into a statement of its own (mana-mcp's session resume): it
   * counts the call only where `guard` holds and the limit allows, and returns a
   * row when it counted. `decide` turns that into the decision.
   */
  counting(key: string, nowMs: number, guard: SQL): SQL;
  decide(counted: boolean, nowMs: number): RateDecision;
  /** Drops windows too old to matter (called by the session sweeper). */
  prune(nowMs: number): Promise<void>;
}

/**
 * A sliding-window counter in PostgreSQL (table `mcp_rate_windows`), so that
 * mana-mcp replicas share one limit. Calls are counted per key and fixed
 * window; a call is allowed while this window's count plus the previous
 * window's count, weighted by how much of it still overlaps the rolling
 * window, stays below the limit (the estimate Cloudflare and nginx-style
 * limiters use). One statement per check: the previous window is read and the
 * current one incremented only when allowed; refused calls are not counted.
 * A count commits asynchronously (`asyncCommit`, in its RETURNING, so also
 * where the count is a CTE of a larger statement): a crash of PostgreSQL itself
 * may forget the last ~0.6 s of calls.
 */
export function createRateLimiter(options: { db: Db; limit: number; windowMs?: number }): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const { db, limit } = options;
  const counting = (key: string, nowMs: number, guard: SQL) => {
    const start = Math.floor(nowMs / windowMs) * windowMs;
    const overlap = 1 - (nowMs - start) / windowMs;
    const current = new Date(start).toISOString();
    const previous = new Date(start - windowMs).toISOString();
    const prevUsed = sql`(coalesce((select p.calls from mcp_rate_windows p where p.key = ${key} and p.window_start = ${previous}::timestamptz), 0) * ${overlap}::float8)`;
    return sql`
      insert into mcp_rate_windows as w (key, window_start, calls)
      select ${key}, ${current}::timestamptz, 1 where ${guard} and ${prevUsed} < ${limit}
      on conflict (key, window_start) do update set calls = w.calls + 1 where w.calls + ${prevUsed} < ${limit}
      returning w.calls, ${asyncCommit}`;
  };
  const decide = (counted: boolean, nowMs: number): RateDecision => {
    if (counted) return { allowed: true };
    const start = Math.floor(nowMs / windowMs) * windowMs;
    return { allowed: false, retryAfterMs: start + windowMs - nowMs };
  };
  return {
    async check(key, nowMs) {
      return decide((await rowsOf(db, counting(key, nowMs, sql`true`))).length > 0, nowMs);
    },
    counting,
    decide,
    async prune(nowMs) {
      await db.execute(sql`delete from mcp_rate_windows where window_start < ${new Date(nowMs - 2 * windowMs).toISOString()}::timestamptz`);
    },
  };
}
