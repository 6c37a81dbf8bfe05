import type { Report, ToolSummary } from '@mana/contracts';
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
 * The latest report per database and window, reused while the minute and the
 * newest action and rating stay the same: a dashboard page asks for several
 * panels at once, and each would otherwise run the whole report (seconds over
 * a million calls; docs/BENCHMARKS.md).
 */
const latest = new WeakMap<ReportDeps['database'], Map<number, { key: string; report: Promise<Report> }>>();

async function reportFor(deps: ReportDeps, days: number): Promise<Report> {
  const [row] = await deps.database.query<{ action: unknown; rating: unknown }>(
    `select (select max(created_at) from persona_actions) as action, (select max(created_at) from persona_feedback) as rating`,
  );
  const key = `${Math.floor(deps.now().getTime() / 60_000)}|${String(row?.action)}|${String(row?.rating)}`;
  const byDays = latest.get(deps.database) ?? new Map<number, { key: string; report: Promise<Report> }>();
  latest.set(deps.database, byDays);
  const cached = byDays.get(days);
  if (cached?.key === key) return cached.report;
  const report = buildReport(deps, { query: { since: `${days}d`, until: 'now' } });
  byDays.set(days, { key, report });
  report.catch(() => byDays.get(days)?.report === report && byDays.delete(days));
  return report;
}

/**
 * Runs the regression report over the same period as the dashboard's window of
 * `days` (`windowOf` is a report period of `<days>d` ending now), so the dashboard
 * marks as worse exactly what the report's tests flag, and nothing else.
 */
export async function reportFlags(deps: ReportDeps, days: number): Promise<ReportFlags> {
  const report = await reportFor(deps, days);
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
