import type { Counter, MetricsRegistry } from '@mana/core';

/** The scheduled report's counters, on mana-auth's `/metrics`. */
export interface ReportMetrics {
  /** `outcome`: ran, skipped (another replica claimed the slot), failed. */
  runs: Counter;
  /** `outcome`: delivered, failed. */
  webhookDeliveries: Counter;
}

export function createReportMetrics(registry: MetricsRegistry): ReportMetrics {
  return {
    runs: registry.counter('mana_report_runs_total', 'Scheduled report runs by outcome (ran, skipped, failed).'),
    webhookDeliveries: registry.counter('mana_report_webhook_deliveries_total', 'Findings webhook POSTs by outcome (delivered, failed after retries).'),
  };
}
