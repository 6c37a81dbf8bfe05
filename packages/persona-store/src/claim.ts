import { sql, type SQL } from 'drizzle-orm';
import type { ClaimRequest, ClaimResponse } from '@mana/contracts';
import { rowsOf, textArray, type Tx } from '@mana/db';
import { cursorAfter, scanCandidates, type Candidate } from './due-scan';
import { DEFAULT_MAX_ATTEMPTS, type PersonaDeps } from './persona-deps';
import { toProfile } from './profile';

/** Scan pages per claim: non-due candidates (stale hints) are repaired and skipped, up to this many pages. */
const MAX_PAGES = 5;

/**
 * Leases up to `limit` due personas to one runner, in one transaction: the
 * persona rows are taken `FOR UPDATE SKIP LOCKED` (concurrent claimers get
 * disjoint sets), the current slot's tick is inserted or, when its lease
 * expired or its back-off elapsed, reclaimed with attempt + 1, and the
 * persona's `next_due_at` moves to the lease end (an expired lease is due again).
 * On PGlite (one connection) PGlite's own transaction mutex serialises claims,
 * so the same code is exclusive there too.
 */
export async function claimDue(deps: PersonaDeps, input: ClaimRequest): Promise<ClaimResponse> {
  const now = deps.now();
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const leaseExpiresAt = new Date(now.getTime() + input.leaseMs);
  return deps.database.db.transaction(async (tx) => {
    const taken: Candidate[] = [];
    const repairs: { userId: string; nextDueAt: Date }[] = [];
    const abandoned: string[] = [];
    let after: ReturnType<typeof cursorAfter>;
    for (let page = 0; page < MAX_PAGES && taken.length < input.limit; page++) {
      const pageSize = input.limit - taken.length;
      const candidates = await scanCandidates(tx, { now, limit: pageSize, maxAttempts, lock: true, after });
      for (const c of candidates) {
        if (c.verdict.due) taken.push(c);
        else repairs.push({ userId: c.row.userId, nextDueAt: c.verdict.nextDueAt });
        if (!c.verdict.due && c.verdict.reason === 'gave-up' && (c.tick?.status === 'claimed' || c.tick?.status === 'running')) abandoned.push(c.tick.id);
      }
      if (candidates.length < pageSize) break;
      after = cursorAfter(candidates);
    }
    await closeAbandonedTicks(tx, abandoned, now);
    const hints = [...repairs, ...taken.map((c) => ({ userId: c.row.userId, nextDueAt: leaseExpiresAt }))];
    const attempts = await upsertTicks(tx, taken, hints, input.runnerId, now, leaseExpiresAt);
    return {
      claims: taken.map((c) => ({
        tickId: c.tickId!,
        slot: c.slot!.key,
        attempt: attempts.get(c.tickId!)!,
        leaseExpiresAt: leaseExpiresAt.toISOString(),
        persona: toProfile(c.row),
      })),
    };
  });
}

/**
 * Inserts or reclaims the ticks and moves the due hints in one statement (a
 * data-modifying CTE): one round trip less inside the claim transaction.
 */
async function upsertTicks(
  tx: Tx,
  taken: Candidate[],
  hints: { userId: string; nextDueAt: Date }[],
  runnerId: string,
  now: Date,
  leaseExpiresAt: Date,
): Promise<Map<string, number>> {
  if (taken.length === 0) {
    await setNextDue(tx, hints);
    return new Map();
  }
  const rows = taken.map((c) => ({ id: c.tickId, persona_id: c.row.userId, slot: c.slot!.key, slot_ends_at: c.slot!.endsAt.toISOString() }));
  const returned = await rowsOf<{ id: string; attempt: number }>(
    tx,
    sql`with hints as (${hintUpdate(hints)} returning 1)
        insert into persona_ticks (id, persona_id, slot, slot_ends_at, status, attempt, lease_owner, lease_expires_at, started_at, created_at)
        select r.id, r.persona_id, r.slot, r.slot_ends_at, 'claimed', 1, ${runnerId}, ${leaseExpiresAt.toISOString()}::timestamptz,
          ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, persona_id text, slot text, slot_ends_at timestamptz)
        on conflict (id) do update set
          status = 'claimed', attempt = persona_ticks.attempt + 1, lease_owner = excluded.lease_owner,
          lease_expires_at = excluded.lease_expires_at, next_attempt_at = null, started_at = excluded.started_at, finished_at = null
        returning id, attempt`,
  );
  return new Map(returned.map((r) => [r.id, Number(r.attempt)]));
}

/** Moves each persona's due hint; one statement for the whole batch. */
export async function setNextDue(tx: Tx, hints: { userId: string; nextDueAt: Date }[]): Promise<void> {
  if (hints.length > 0) await tx.execute(hintUpdate(hints));
}

function hintUpdate(hints: { userId: string; nextDueAt: Date }[]): SQL {
  const ids = textArray(hints.map((h) => h.userId));
  const times = textArray(hints.map((h) => h.nextDueAt.toISOString()));
  return sql`update personas p set next_due_at = r.next_due_at::timestamptz
    from unnest(${ids}, ${times}) as r(user_id, next_due_at)
    where p.user_id = r.user_id`;
}

/** A lease that expired on the last attempt: the attempt failed and the slot is given up. */
async function closeAbandonedTicks(tx: Tx, tickIds: string[], now: Date): Promise<void> {
  if (tickIds.length === 0) return;
  await tx.execute(
    sql`update persona_ticks set status = 'failed', error = 'lease expired on the last attempt', lease_owner = null,
          lease_expires_at = null, finished_at = ${now.toISOString()}::timestamptz
        where id = any(${textArray(tickIds)})`,
  );
}
