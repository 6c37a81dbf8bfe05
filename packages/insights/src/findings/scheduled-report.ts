import { sql } from 'drizzle-orm';
import type { Logger } from '@mana/core';
import { type Database, rowsOf } from '@mana/db';
import { buildReport } from '../report/build-report';
import type { AnomalySettings } from '../report/settings';
import { announceFindings } from './announce';
import { recordFindings } from './record-findings';
import type { ReportMetrics } from './report-metrics';
import type { WebhookOptions } from './webhook';

export interface ScheduledReportDeps {
  database: Database;
  now: () => Date;
  log: Logger;
  metrics: ReportMetrics;
  /** This process's name in `report_runs.owner`. */
  owner: string;
  /** The period each run reports on (`7d`). */
  period: string;
  webhook?: WebhookOptions;
  settings?: Partial<AnomalySettings>;
}

export type ScheduledReportResult = { status: 'skipped' } | { status: 'ran'; anomalies: number; opened: number; resolved: number; delivery: 'none' | 'delivered' | 'failed' };

/**
 * One scheduled run for the cron instant `slot`: claims the slot (a row in
 * `report_runs`; a replica that finds it taken skips), builds the report for
 * the period ending now, stores the findings, then announces what changed to
 * the webhook. A failed delivery is logged, counted and left pending, so the
 * next run sends it again.
 */
export async function runScheduledReport(deps: ScheduledReportDeps, slot: Date): Promise<ScheduledReportResult> {
  const claimed = await rowsOf<{ slot: unknown }>(
    deps.database.db,
    sql`insert into report_runs (slot, owner, started_at) values (${slot.toISOString()}::timestamptz, ${deps.owner}, ${deps.now().toISOString()}::timestamptz)
        on conflict (slot) do nothing returning slot`,
  );
  if (claimed.length === 0) {
    deps.metrics.runs.inc({ outcome: 'skipped' });
    return { status: 'skipped' };
  }
  try {
    const report = await buildReport(deps, { query: { since: deps.period, until: 'now' }, settings: deps.settings });
    const counts = await deps.database.db.transaction((tx) => recordFindings(tx, [...report.notices, ...report.anomalies], deps.now()));
    let delivery: 'none' | 'delivered' | 'failed' = 'none';
    let error: string | null = null;
    if (deps.webhook) {
      const announced = await announceFindings(deps.database, deps.webhook, report.period, deps.now());
      if (announced.outcome) {
        delivery = announced.outcome.delivered ? 'delivered' : 'failed';
        deps.metrics.webhookDeliveries.inc({ outcome: delivery });
        if (!announced.outcome.delivered) {
          error = announced.outcome.error;
          deps.log.error('findings webhook failed; the findings stay pending for the next run', {
            attempts: announced.outcome.attempts,
            error,
            opened: announced.opened,
            resolved: announced.resolved,
          });
        }
      }
    }
    await deps.database.db.execute(
      sql`update report_runs set finished_at = ${deps.now().toISOString()}::timestamptz, anomalies = ${report.anomalies.length}, opened = ${counts.opened},
          resolved = ${counts.resolved}, delivery = ${delivery}, error = ${error} where slot = ${slot.toISOString()}::timestamptz`,
    );
    deps.metrics.runs.inc({ outcome: 'ran' });
    deps.log.info('scheduled report', { slot: slot.toISOString(), anomalies: report.anomalies.length, ...counts, delivery });
    return { status: 'ran', anomalies: report.anomalies.length, ...counts, delivery };
  } catch (cause) {
    deps.metrics.runs.inc({ outcome: 'failed' });
    const message = cause instanceof Error ? cause.message : String(cause);
    await deps.database.db
      .execute(sql`update report_runs set finished_at = ${deps.now().toISOString()}::timestamptz, error = ${message} where slot = ${slot.toISOString()}::timestamptz`)
      .catch(() => undefined);
    throw cause;
  }
}
