import type { AnomalyMetric } from '@mana/contracts';
import { buildReport, type ReportDeps } from '../report/build-report';

/** What the report for a dashboard window flags, by tool and by module. */
export interface ReportFlags {
  /** The metrics flagged on `tool:<name>:<metric>`. */
  tool(name: string): AnomalyMetric[];
  /** `['rating']` when `module:<name>:rating` is flagged. */
  module(name: string): AnomalyMetric[];
}

/**
 * Runs the regression report over the same period as the dashboard's window of
 * `days` (`windowOf` is a report period of `<days>d` ending now), so the dashboard
 * marks as worse exactly what the report's tests flag, and nothing else.
 */
export async function reportFlags(deps: ReportDeps, days: number): Promise<ReportFlags> {
  const report = await buildReport(deps, { query: { since: `${days}d`, until: 'now' } });
  const flagged = new Map<string, AnomalyMetric[]>();
  for (const anomaly of report.anomalies) {
    const key = `${anomaly.kind}:${anomaly.name}`;
    flagged.set(key, [...(flagged.get(key) ?? []), anomaly.metric]);
  }
  return {
    tool: (name) => flagged.get(`tool:${name}`) ?? [],
    module: (name) => flagged.get(`module:${name}`) ?? [],
  };
}
