import { sql } from 'drizzle-orm';
import type { ReportAnomaly } from '@mana/contracts';
import { rowsOf, textArray, type Tx } from '@mana/db';

/** Serializes writers of the findings table (several mana-auth replicas, a manual run). */
const FINDINGS_LOCK = sql`pg_advisory_xact_lock(hashtext('mana:findings'))`;

/**
 * Stores what a report found, in the caller's transaction: each anomaly opens
 * its finding (or keeps it open with the latest evidence and last-seen time;
 * a resolved one is reopened), and every open finding the report no longer
 * shows is resolved. Returns how many were opened and resolved.
 */
export async function recordFindings(tx: Tx, anomalies: readonly ReportAnomaly[], now: Date): Promise<{ opened: number; resolved: number }> {
  await tx.execute(sql`select ${FINDINGS_LOCK}`);
  const at = now.toISOString();
  let opened = 0;
  for (const a of anomalies) {
    const [row] = await rowsOf<{ was_open: boolean | null }>(
      tx,
      sql`with before as (select status = 'open' as was_open from findings where key = ${a.key})
          insert into findings (key, kind, name, module, metric, status, first_seen_at, last_seen_at, resolved_at, evidence)
          values (${a.key}, ${a.kind}, ${a.name}, ${a.module}, ${a.metric}, 'open', ${at}::timestamptz, ${at}::timestamptz, null, ${JSON.stringify(a)}::jsonb)
          on conflict (key) do update set status = 'open', last_seen_at = excluded.last_seen_at, resolved_at = null, evidence = excluded.evidence, module = excluded.module
          returning (select was_open from before) as was_open`,
    );
    if (!row?.was_open) opened++;
  }
  const resolved = await rowsOf<{ key: string }>(
    tx,
    sql`update findings set status = 'resolved', resolved_at = ${at}::timestamptz
        where status = 'open' and not (key = any(${textArray(anomalies.map((a) => a.key))}))
        returning key`,
  );
  return { opened, resolved: resolved.length };
}
