import { Counter, type Registry } from '@mana/core';

/** The scheduled report's counters, on mana-auth's `/metrics`. */
export interface ReportMetrics {
  /** `outcome`: ran, skipped (another replica claimed the slot), failed. */
  runs: Counter<'outcome'>;
  /** `outcome`: delivered, failed. */
  webhookDeliveries: Counter<'outcome'>;
}

/** Registers the scheduled report's counters on mana-auth's registry. */
export function createReportMetrics(registry: Registry): ReportMetrics {
  const registers = [registry];
  return {
    runs: new Counter({ name: 'mana_report_runs_total', help: 'Scheduled report runs by outcome (ran, skipped, failed).', labelNames: ['outcome'], registers }),
    webhookDeliveries: new Counter({
      name: 'mana_report_webhook_deliveries_total',
      help: 'Findings webhook POSTs by outcome (delivered, failed after retries).',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
