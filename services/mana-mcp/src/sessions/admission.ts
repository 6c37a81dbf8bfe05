import { sql, type SQL } from 'drizzle-orm';
import { asyncCommit } from '@mana/db';
import type { Principal } from '../auth/authenticate';
import type { SessionLimits } from './session-store';

/** What one admission statement needs besides the limits: the new row and the instants it compares with. */
export interface AdmissionInput {
  id: string;
  principal: Principal;
  limits: SessionLimits;
  /** Now, as ISO text (the row's created and last-seen mark). */
  now: string;
  /** Sessions marked at or before this are expired (idle limit). */
  expiredAt: string;
  /** Sessions marked at or before this had no request for at least `limits.evictIdleMs` (see `evictableBefore`). */
  evictableAt: string;
}

/**
 * The mark before which a session has surely had no request for `evictIdleMs`:
 * a request moves the mark only once it is `touchEveryMs` old, so a session in
 * use has a mark younger than `touchEveryMs` plus the gap between its requests.
 */
export function evictableBefore(nowMs: number, evictIdleMs: number, touchEveryMs: number): number {
  return nowMs - evictIdleMs - touchEveryMs;
}

/** Live sessions of users other than personas (read only when the total could reach their cap: it joins `users`). */
const ordinaryLive = (expiredAt: string) => sql`(
  select count(*) from mcp_sessions o join users u on u.id = o.user_id
  where o.last_seen_at > ${expiredAt}::timestamptz and u.kind <> 'persona')`;

/**
 * One statement: reads the caller's membership and kind and the live counts;
 * when a cap the caller counts against is reached, ends the oldest session
 * idle long enough that frees it — the caller's own for the per-user cap, one
 * of a user who is not a persona for their shared cap, any for the total —
 * skipping a row another statement holds (a request touching it); then inserts
 * the session when every cap has room. Row: `member`, `persona`, `id` (when
 * opened), `user_full`, `class_full`, `total_full`, `evicted_id`, `evicted_user`.
 */
export function admitStatement(input: AdmissionInput): SQL {
  const { id, principal, limits, now, expiredAt, evictableAt } = input;
  // The caps are read through scalar subqueries in \`victim\`: a filter PostgreSQL evaluates once, so no session is scanned unless a cap is reached.
  return sql`
    with me as (
      select exists (select 1 from members m where m.user_id = ${principal.userId} and m.organization_id = ${principal.spaceId}) as member,
        exists (select 1 from users u where u.id = ${principal.userId} and u.kind = 'persona') as persona),
    live as (
      select count(*) filter (where user_id = ${principal.userId}) as own, count(*) as total
      from mcp_sessions where last_seen_at > ${expiredAt}::timestamptz),
    load as (
      select me.member, me.persona, live.own, live.total,
        case when me.persona or live.total < ${limits.ordinary} then 0 else ${ordinaryLive(expiredAt)} end as ordinary
      from me, live),
    cap as (
      select member, persona, own, total, ordinary,
        own >= ${limits.perUser} as user_full, not persona and ordinary >= ${limits.ordinary} as class_full, total >= ${limits.total} as total_full
      from load),
    victim as (
      select s.id, s.user_id from mcp_sessions s
      where (select member and (user_full or class_full or total_full) from cap)
        and s.last_seen_at > ${expiredAt}::timestamptz and s.last_seen_at <= ${evictableAt}::timestamptz
        and case when (select user_full from cap) then s.user_id = ${principal.userId}
          when (select class_full from cap) then not exists (select 1 from users u where u.id = s.user_id and u.kind = 'persona')
          else true end
      order by s.last_seen_at, s.id limit 1
      for update of s skip locked),
    evicted as (
      delete from mcp_sessions s using victim where s.id = victim.id
      returning s.id, s.user_id, exists (select 1 from users u where u.id = s.user_id and u.kind = 'persona') as persona),
    freed as (
      select count(*) as total, count(*) filter (where user_id = ${principal.userId}) as own, count(*) filter (where not persona) as ordinary from evicted),
    opened as (
      insert into mcp_sessions (id, user_id, space_id, time_zone, created_at, last_seen_at)
      select ${id}, ${principal.userId}, ${principal.spaceId}, ${principal.timeZone}, ${now}::timestamptz, ${now}::timestamptz
      from cap, freed
      where cap.member and cap.own - freed.own < ${limits.perUser} and cap.total - freed.total < ${limits.total}
        and (cap.persona or cap.ordinary - freed.ordinary < ${limits.ordinary})
      returning id)
    select cap.member, cap.persona, cap.user_full, cap.class_full, cap.total_full, (select id from opened) as id,
      (select id from evicted) as evicted_id, (select user_id from evicted) as evicted_user, ${asyncCommit}
    from cap`;
}

/**
 * The check after a session was inserted, in a statement of its own (so it sees
 * every session committed since, on any replica): counts the caps the caller
 * counts against and, when one is exceeded, withdraws the new session. Of
 * opens that raced past a cap, the one counting last sees all of them, so
 * the caps hold over every replica; a race may refuse one that had room.
 * Row: `withdrawn`, `user_over`, `total_over`.
 */
export function recheckStatement(input: { id: string; principal: Principal; persona: boolean; limits: SessionLimits; expiredAt: string }): SQL {
  const { id, principal, persona, limits, expiredAt } = input;
  return sql`
    with live as (
      select count(*) filter (where user_id = ${principal.userId}) as own, count(*) as total
      from mcp_sessions where last_seen_at > ${expiredAt}::timestamptz),
    over as (
      select own > ${limits.perUser} as user_over, total > ${limits.total} as total_over,
        case when ${persona}::boolean or total <= ${limits.ordinary} then false else ${ordinaryLive(expiredAt)} > ${limits.ordinary} end as class_over
      from live),
    withdrawn as (
      delete from mcp_sessions where id = ${id} and (select user_over or total_over or class_over from over) returning id)
    select exists (select 1 from withdrawn) as withdrawn, over.user_over, over.total_over, ${asyncCommit} from over`;
}
