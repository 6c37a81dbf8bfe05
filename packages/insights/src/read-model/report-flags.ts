import type { ToolSummary } from '@mana/contracts';
import { buildReport, type ReportDeps } from '../report/build-report';
import type { Window } from '../window';

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
 * Runs the regression report over exactly the dashboard's window (its two
 * instants, not a second reading of the clock: a window a few seconds later
 * can drop a tick at its start and change a test), so the dashboard marks as
 * worse exactly what the report's tests flag, and nothing else.
 */
export async function reportFlags(deps: ReportDeps, window: Pick<Window, 'since' | 'until'>): Promise<ReportFlags> {
  const report = await buildReport(deps, { query: { since: window.since, until: window.until } });
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
