import { z } from 'zod';

/** A relative length such as `7d`, `36h`, `90m` or `2w` (minutes to weeks). */
export const REPORT_DURATION = /^([1-9][0-9]{0,4})([mhdw])$/;

const instant = z.iso.datetime({ offset: true });
const sinceText = z
  .string()
  .trim()
  .refine((v) => REPORT_DURATION.test(v) || instant.safeParse(v).success, {
    message: 'expected a length such as 7d, 24h, 90m or 2w, or an ISO 8601 instant such as 2026-03-01T00:00:00Z',
  });
const untilText = z
  .string()
  .trim()
  .refine((v) => v === 'now' || instant.safeParse(v).success, { message: 'expected "now" or an ISO 8601 instant such as 2026-03-08T00:00:00Z' });

/**
 * `GET /api/v1/admin/report?since=7d&until=now` and `npm run report -- --since 7d`:
 * the period ends at `until` (default now) and starts `since` before it (or at
 * the instant given); the previous period has the same length and ends where
 * this one starts.
 */
export const reportQuery = z.object({ since: sinceText.default('7d'), until: untilText.default('now') });
export type ReportQuery = z.infer<typeof reportQuery>;

const window = z.object({ since: z.string(), until: z.string() });

/** Per module: ratings of the period next to the previous one (parse errors never count as ratings). */
export const reportModule = z.object({
  name: z.string(),
  ratings: z.number().int(),
  avgRating: z.number().nullable(),
  prevRatings: z.number().int(),
  prevAvgRating: z.number().nullable(),
  /** `avgRating - prevAvgRating`; null when either side has no rating. */
  change: z.number().nullable(),
  parseErrors: z.number().int(),
});
export type ReportModule = z.infer<typeof reportModule>;

/**
 * Per tool: calls, errors and latency of the period next to the previous one.
 * Latency is the app's own handler time where the MCP server reports it
 * (`latencySource: "handler"`), else what the client measured; percentiles are
 * read from a histogram with 1 % wide bins.
 */
export const reportTool = z.object({
  name: z.string(),
  module: z.string(),
  calls: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  prevCalls: z.number().int(),
  prevErrors: z.number().int(),
  prevErrorRate: z.number().nullable(),
  errorRateChange: z.number().nullable(),
  /** Successful reads whose emptiness is known, and the share of them that came back with nothing (null: no such read). */
  reads: z.number().int(),
  emptyRate: z.number().nullable(),
  prevReads: z.number().int(),
  prevEmptyRate: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  prevP50Ms: z.number().nullable(),
  prevP95Ms: z.number().nullable(),
  /** `p50Ms / prevP50Ms - 1`; null when either side has no latency. */
  p50Change: z.number().nullable(),
  latencySource: z.enum(['handler', 'client', 'none']),
});
export type ReportTool = z.infer<typeof reportTool>;

/** Notes of ratings 1-2 of one module that say the same thing, most frequent first. */
export const reportComplaint = z.object({
  module: z.string(),
  /** The most frequent wording of the group. */
  text: z.string(),
  count: z.number().int(),
  avgRating: z.number(),
  /** Up to three other wordings grouped with it. */
  variants: z.array(z.string()),
});
export type ReportComplaint = z.infer<typeof reportComplaint>;

export const anomalyKind = z.enum(['tool', 'module']);
export const anomalyMetric = z.enum(['errorRate', 'emptyRate', 'rating', 'latency']);
export type AnomalyKind = z.infer<typeof anomalyKind>;
export type AnomalyMetric = z.infer<typeof anomalyMetric>;

/**
 * A module or tool that got worse beyond noise: the test's p-value, the
 * Benjamini-Hochberg q-value over everything tested in the same report, and
 * the effect (errorRate, emptyRate: after - before; rating: after - before in stars;
 * latency: after / before - 1 of the median) that passed the minimum.
 */
export const reportAnomaly = z.object({
  /** Stable identity of the finding: `kind:name:metric`. */
  key: z.string(),
  kind: anomalyKind,
  name: z.string(),
  module: z.string(),
  metric: anomalyMetric,
  test: z.enum(['fisher-exact', 'mann-whitney-u']),
  /** errorRate: share of failed calls; emptyRate: share of reads that came back empty; rating: mean stars; latency: median ms. */
  before: z.number(),
  after: z.number(),
  /** Observations on each side (calls, reads or ratings) and, for errorRate, the failed calls; for emptyRate, the empty reads. */
  counts: z.object({
    before: z.number().int(),
    after: z.number().int(),
    beforeErrors: z.number().int().optional(),
    afterErrors: z.number().int().optional(),
    beforeEmpty: z.number().int().optional(),
    afterEmpty: z.number().int().optional(),
  }),
  pValue: z.number(),
  qValue: z.number(),
  effect: z.number(),
  /** One sentence with the numbers, as the Markdown report and the webhook say it. */
  summary: z.string(),
});
export type ReportAnomaly = z.infer<typeof reportAnomaly>;

/** How anomalies were decided, echoed in every report. */
export const reportSettings = z.object({
  falseDiscoveryRate: z.number(),
  minErrorRateIncrease: z.number(),
  minEmptyRateIncrease: z.number(),
  minRatingDrop: z.number(),
  minLatencyIncrease: z.number(),
  minLatencyIncreaseMs: z.number(),
  minObservations: z.number().int(),
  tested: z.number().int(),
});

/** The regression report: `GET /api/v1/admin/report`, `npm run report -- --format json`. */
export const report = z.object({
  generatedAt: z.string(),
  period: window,
  previous: window,
  modules: z.array(reportModule),
  tools: z.array(reportTool),
  complaints: z.array(reportComplaint),
  anomalies: z.array(reportAnomaly),
  settings: reportSettings,
});
export type Report = z.infer<typeof report>;

export const findingStatus = z.enum(['open', 'resolved']);
export type FindingStatus = z.infer<typeof findingStatus>;

/** `GET /api/v1/admin/findings?status=open` */
export const findingsQuery = z.object({
  status: findingStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * A stored anomaly: opened the first time a scheduled report shows it, kept
 * open (last seen, latest evidence) while reports show it, resolved when one
 * no longer does; reopened if it comes back.
 */
export const finding = z.object({
  key: z.string(),
  kind: anomalyKind,
  name: z.string(),
  module: z.string(),
  metric: anomalyMetric,
  status: findingStatus,
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** The status the webhook last delivered (null: not yet announced). */
  announcedStatus: findingStatus.nullable(),
  evidence: reportAnomaly,
});
export type Finding = z.infer<typeof finding>;
export const findingsResponse = z.object({ findings: z.array(finding) });
export type FindingsResponse = z.infer<typeof findingsResponse>;

/** What the scheduled job POSTs to `REPORT_WEBHOOK_URL` (Slack reads `text`). */
export const findingsWebhook = z.object({
  text: z.string(),
  period: window,
  opened: z.array(reportAnomaly),
  resolved: z.array(reportAnomaly),
  reportUrl: z.string().optional(),
});
export type FindingsWebhook = z.infer<typeof findingsWebhook>;
