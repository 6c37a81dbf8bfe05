import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { routineLevel, type Logger } from '@mana/core';
import { asyncCommit, rowsOf, type Db } from '@mana/db';
import type { Principal } from '../auth/authenticate';
import { admitStatement, evictableBefore, recheckStatement } from './admission';

/** Why a session ended; the `reason` label of `mana_mcp_sessions_closed_total` (`evicted`: idle, ended to make room under a cap). */
export type CloseReason = 'deleted' | 'idle' | 'revoked' | 'evicted';

/** One MCP session as stored: bound for its whole life to the user, space and time zone that opened it. */
export interface StoredSession {
  id: string;
  userId: string;
  spaceId: string;
  timeZone: string;
}

/** Live sessions one user may hold, and all users together (every replica shares the table, so the caps are global). */
export interface SessionLimits {
  perUser: number;
  total: number;
  /** Live sessions users other than personas may hold together; the rest of `total` is kept for personas. */
  ordinary: number;
  /** A session with no request for this long may be ended to make room when a cap is reached. */
  evictIdleMs: number;
}

/** Why `open` refused: not a member, or a cap reached with no session idle enough to make room. */
export type OpenRefusal = 'not-member' | 'user-cap' | 'ordinary-cap' | 'total-cap';

/**
 * The open MCP sessions, kept in PostgreSQL (table `mcp_sessions`) so that any
 * mana-mcp replica behind a load balancer serves any request of any session,
 * and a restarted replica loses none. Every call is one SQL statement (`open`:
 * two, see there), so the per-request path (`resume`) stays one round trip. Its
 * writes commit asynchronously (`asyncCommit`): a crash of PostgreSQL itself may
 * lose the last ~0.6 s of them, so a session opened then answers 404 (the
 * client initializes again, as after an idle expiry) and one ended then lives
 * until the idle sweep.
 */
export interface SessionStore {
  /**
   * Opens a session for the principal when the user is a member of the space and
   * every cap it counts against has room: its own sessions (`limits.perUser`),
   * those of all users but personas when it is not a persona (`limits.ordinary`),
   * and all (`limits.total`). A cap that is reached is made room under by ending
   * the oldest session of that cap with no request for `limits.evictIdleMs`
   * (`evicted`); a session in use is never ended. Otherwise says what refused it.
   * Two statements (`admitStatement`, `recheckStatement`): the second keeps the
   * caps exact when opens on several replicas race.
   */
  open(principal: Principal, limits: SessionLimits): Promise<{ id: string } | { refused: OpenRefusal }>;
  /**
   * The live session `id`, marked as used now when its mark is older than the
   * idle limit / TOUCH_FRACTION (postponing its idle expiry), with whether its user
   * is still a member of its space (read in the same statement); undefined when
   * unknown or expired.
   */
  resume(id: string): Promise<(StoredSession & { member: boolean }) | undefined>;
  /**
   * `resume`, and in the same statement the rate-limit count of the tool call the
   * request carries (`count`: a `RateLimiter.counting` statement over a guard),
   * counted only when the session is the principal's and its user still a member
   * (a request refused for its session uses no unit). `counted` says whether it was.
   */
  resumeCounting(id: string, principal: Principal, count: (guard: SQL) => SQL): Promise<(StoredSession & { member: boolean; counted: boolean }) | undefined>;
  /** Ends one session; false when it was not open. */
  close(id: string, reason: CloseReason): Promise<boolean>;
  /**
   * Ends the principal's own live session whose user is still a member of its
   * space, in one statement (a client's DELETE); false when any of that does not
   * hold, and nothing is changed.
   */
  endOwn(id: string, principal: Principal): Promise<boolean>;
  /**
   * Live (not idle-expired) sessions of every replica, read now (`/health`, the
   * metrics gauge). Calls while a count is under way share the next one, so a
   * flood of callers costs at most two statements at a time and none is
   * answered with a count started before it asked.
   */
  count(): Promise<number>;
  /** Deletes every session idle for longer than the idle limit; returns how many. */
  sweep(): Promise<number>;
}

/**
 * A session's idle mark (`last_seen_at`) moves only when it is older than a
 * sixteenth of the idle limit (56 s of the default 15 min), so a session
 * expires between 15/16 of the idle limit and the limit after its last use.
 * Writing the mark on every request was a row update, WAL and a commit per
 * MCP request (~8 per persona-tick); now most requests only read.
 */
export const TOUCH_FRACTION = 16;

/** The cap named in a refusal: the user's own, else the total when it is reached, else the one of users other than personas. */
const refusal = (userFull: unknown, totalFull: unknown): OpenRefusal => (userFull === true ? 'user-cap' : totalFull === true ? 'total-cap' : 'ordinary-cap');

interface Row extends Record<string, unknown> {
  id: string;
  user_id: string;
  space_id: string;
  time_zone: string;
  member?: boolean;
  counted?: boolean;
}

/** The store over the app's database; `nowMs` is the injected clock, so tests expire sessions without waiting. */
export function createSessionStore(options: { db: Db; idleMs: number; nowMs: () => number; log: Logger; onClosed: (reason: CloseReason) => void }): SessionStore {
  const { db, log } = options;
  const rows = (query: SQL) => rowsOf<Row>(db, query);
  const now = () => new Date(options.nowMs()).toISOString();
  const cutoff = () => new Date(options.nowMs() - options.idleMs).toISOString();
  const stored = (row: Row): StoredSession => ({ id: row.id, userId: row.user_id, spaceId: row.space_id, timeZone: row.time_zone });
  // A use marks the session only when its mark is older than this: most requests of a session then only read its row.
  const touchEveryMs = Math.floor(options.idleMs / TOUCH_FRACTION);
  /** CTE `s`: the live session `id` with its user's membership of its space (no row when unknown or expired). */
  const live = (id: string) => sql`s as (
    select s.id, s.user_id, s.space_id, s.time_zone, s.last_seen_at,
      exists (select 1 from members m where m.user_id = s.user_id and m.organization_id = s.space_id) as member
    from mcp_sessions s where s.id = ${id} and s.last_seen_at > ${cutoff()}::timestamptz)`;
  /** CTE `touched`: moves the idle mark of session `s` to now when it is older than `touchEveryMs`. */
  const touch = () => sql`touched as (
    update mcp_sessions t set last_seen_at = ${now()}::timestamptz from s
    where t.id = s.id and s.last_seen_at <= ${new Date(options.nowMs() - touchEveryMs).toISOString()}::timestamptz
    returning t.id)`;

  /** Counts a session ended here: the closed-sessions metric and a log line. */
  const closed = (sessionId: string, userId: string, reason: CloseReason) => {
    options.onClosed(reason);
    log[routineLevel(log)]('mcp session closed', { sessionId, userId, reason });
  };
  const countLive = async () => Number((await rows(sql`select count(*)::int as id from mcp_sessions where last_seen_at > ${cutoff()}::timestamptz`))[0]?.id ?? 0);
  let counting: Promise<number> | undefined;
  let queued: Promise<number> | undefined;
  const count = (): Promise<number> => {
    if (!counting) {
      counting = countLive().finally(() => {
        counting = undefined;
      });
      return counting;
    }
    // The count under way may have started before this call: wait for it, then share the next one.
    queued ??= counting
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return count();
      });
    return queued;
  };

  return {
    async open(principal, limits) {
      const id = randomUUID();
      const nowMs = options.nowMs();
      const expiredAt = cutoff();
      const evictableAt = new Date(evictableBefore(nowMs, limits.evictIdleMs, touchEveryMs)).toISOString();
      const [admitted] = await rows(admitStatement({ id, principal, limits, now: new Date(nowMs).toISOString(), expiredAt, evictableAt }));
      if (admitted?.evicted_id) closed(String(admitted.evicted_id), String(admitted.evicted_user), 'evicted');
      if (admitted?.member !== true) return { refused: 'not-member' };
      if (!admitted.id) return { refused: refusal(admitted.user_full, admitted.total_full) };
      const [recheck] = await rows(recheckStatement({ id, principal, persona: admitted.persona === true, limits, expiredAt }));
      if (recheck?.withdrawn) {
        log.info('mcp session withdrawn: opens raced past a cap', { sessionId: id, userId: principal.userId });
        return { refused: refusal(recheck.user_over, recheck.total_over) };
      }
      log[routineLevel(log)]('mcp session opened', { sessionId: id, userId: principal.userId, spaceId: principal.spaceId });
      return { id };
    },
    async resume(id) {
      const [row] = await rows(sql`
        with ${live(id)}, ${touch()}
        select s.id, s.user_id, s.space_id, s.time_zone, s.member, ${asyncCommit} from s`);
      return row ? { ...stored(row), member: row.member === true } : undefined;
    },
    async resumeCounting(id, principal, count) {
      const [row] = await rows(sql`
        with ${live(id)}, ${touch()},
        counted as (${count(sql`exists (select 1 from s where s.member and s.user_id = ${principal.userId} and s.space_id = ${principal.spaceId})`)})
        select s.id, s.user_id, s.space_id, s.time_zone, s.member, exists (select 1 from counted) as counted, ${asyncCommit} from s`);
      return row ? { ...stored(row), member: row.member === true, counted: row.counted === true } : undefined;
    },
    async close(id, reason) {
      const [row] = await rows(sql`delete from mcp_sessions where id = ${id} returning id, user_id, space_id, time_zone, ${asyncCommit}`);
      if (!row) return false;
      closed(id, row.user_id, reason);
      return true;
    },
    async endOwn(id, principal) {
      const [row] = await rows(sql`
        delete from mcp_sessions s
        where s.id = ${id} and s.user_id = ${principal.userId} and s.space_id = ${principal.spaceId} and s.last_seen_at > ${cutoff()}::timestamptz
          and exists (select 1 from members m where m.user_id = s.user_id and m.organization_id = s.space_id)
        returning s.id, s.user_id, s.space_id, s.time_zone, ${asyncCommit}`);
      if (!row) return false;
      closed(id, row.user_id, 'deleted');
      return true;
    },
    count,
    async sweep() {
      const expired = await rows(sql`delete from mcp_sessions where last_seen_at <= ${cutoff()}::timestamptz returning id, user_id`);
      for (const row of expired) closed(row.id, row.user_id, 'idle');
      return expired.length;
    },
  };
}
