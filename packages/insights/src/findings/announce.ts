import { sql } from 'drizzle-orm';
import type { ReportAnomaly } from '@mana/contracts';
import { type Database, rowsOf, textArray } from '@mana/db';
import { postWebhook, webhookText, type WebhookOptions, type WebhookOutcome } from './webhook';

/** What an announcement run did. */
export interface AnnounceResult {
  opened: number;
  resolved: number;
  outcome: WebhookOutcome | null;
}

/**
 * Announces every finding whose status differs from the one last delivered:
 * newly open ones and newly resolved ones, in one POST. Only a delivered POST
 * marks them announced, so a failed one is sent again on the next run; an
 * open finding already announced is not repeated.
 */
export async function announceFindings(database: Database, webhook: WebhookOptions, period: { since: string; until: string }, now: Date): Promise<AnnounceResult> {
  const pending = await rowsOf<{ key: string; status: 'open' | 'resolved'; evidence: ReportAnomaly | string }>(
    database.db,
    sql`select key, status, evidence from findings where announced_status is distinct from status order by key`,
  );
  if (pending.length === 0) return { opened: 0, resolved: 0, outcome: null };
  const evidence = (row: (typeof pending)[number]) => (typeof row.evidence === 'string' ? (JSON.parse(row.evidence) as ReportAnomaly) : row.evidence);
  const opened = pending.filter((r) => r.status === 'open').map(evidence);
  const resolved = pending.filter((r) => r.status === 'resolved').map(evidence);
  const notice = opened.find((a) => a.kind === 'simulator')?.summary;
  const outcome = await postWebhook(webhook, { text: webhookText(opened, resolved, period), period, opened, resolved, ...(notice ? { notice } : {}) });
  if (outcome.delivered) {
    for (const status of ['open', 'resolved'] as const) {
      const keys = pending.filter((r) => r.status === status).map((r) => r.key);
      if (keys.length === 0) continue;
      await database.db.execute(
        sql`update findings set announced_status = status, announced_at = ${now.toISOString()}::timestamptz
            where key = any(${textArray(keys)}) and status = ${status}`,
      );
    }
  }
  return { opened: opened.length, resolved: resolved.length, outcome };
}
