import { finding, type Finding, type FindingStatus } from '@mana/contracts';
import type { Database } from '@mana/db';
import { iso } from '../sql-values';

/** A `findings` row as the contract shapes it. */
export function findingOf(row: Record<string, unknown>): Finding {
  return finding.parse({
    key: row.key,
    kind: row.kind,
    name: row.name,
    module: row.module,
    metric: row.metric,
    status: row.status,
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
    resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
    announcedStatus: row.announced_status ?? null,
    evidence: typeof row.evidence === 'string' ? JSON.parse(row.evidence) : row.evidence,
  });
}

/**
 * Stored findings, open ones first, most recently seen first within a status;
 * `status` narrows to open or resolved (the dashboard shows the open ones on top).
 */
export async function listFindings(deps: { database: Database }, input: { status?: FindingStatus; limit: number }): Promise<{ findings: Finding[] }> {
  const rows = await deps.database.query(
    `select * from findings where ($1::text is null or status = $1::text)
     order by (status = 'open') desc, last_seen_at desc, key limit $2`,
    [input.status ?? null, input.limit],
  );
  return { findings: rows.map(findingOf) };
}
