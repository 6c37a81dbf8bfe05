import { hostname } from 'node:os';
import type { ScheduledReportDeps } from '@mana/insights';
import type { AuthContext } from './deps';

/** The scheduled report's deps from mana-auth's context and its REPORT_* configuration. */
export function scheduledReportDeps(ctx: AuthContext): ScheduledReportDeps {
  const { period, webhookUrl } = ctx.config.report;
  return {
    database: ctx.database,
    now: ctx.now,
    log: ctx.log.child({ component: 'report-schedule' }),
    metrics: ctx.metrics.report,
    owner: `${hostname()}:${process.pid}`,
    period,
    webhook: webhookUrl ? { url: webhookUrl } : undefined,
  };
}
