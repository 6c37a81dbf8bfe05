import type { ToolSummary } from '@mana/contracts';
import { buildReport, type ReportDeps } from '../report/build-report';

type Metric = ToolSummary['flagged'][number];
const PRODUCT_METRICS: readonly string[] = ['errorRate', 'emptyRate', 'rating', 'latency'] satisfies Metric[];

/** What the report for a dashboard window flags, by tool and by module. */
export interface ReportFlags {
  /** The metrics flagged on `tool:<name>:<metric>`. */
  tool(name: string): Metric[];
  /** `['rating']` when `module:<name>:rating` is flagged. */
  module(name: string): Metric[];
}

/**
 * Runs the regression report over the same period as the dashboard's window of
 * `days` (`windowOf` is a report period of `<days>d` ending now), so the dashboard
 * marks as worse exactly what the report's tests flag, and nothing else.
 */
export async function reportFlags(deps: ReportDeps, days: number): Promise<ReportFlags> {
  const report = await buildReport(deps, { query: { since: `${days}d`, until: 'now' } });
  const flagged = new Map<string, Metric[]>();
  for (const anomaly of report.anomalies) {
    // Surface and simulator changes are announced by the report, never a tool's or module's figure.
    if ((anomaly.kind !== 'tool' && anomaly.kind !== 'module') || !PRODUCT_METRICS.includes(anomaly.metric)) continue;
    const key = `${anomaly.kind}:${anomaly.name}`;
    flagged.set(key, [...(flagged.get(key) ?? []), anomaly.metric as Metric]);
  }
  return {
    tool: (name) => flagged.get(`tool:${name}`) ?? [],
    module: (name) => flagged.get(`module:${name}`) ?? [],
  };
}
