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

/**
 * What a finding is about: a `tool` or `module` of the product (a statistical
 * test), the product's MCP `surface` (a tool added, removed or changed between
 * the periods: a fact from tools/list, not a test), or the `simulator` (the
 * driver, model, prompts or offline policy changed: announced, never a product
 * finding).
 */
export const anomalyKind = z.enum(['tool', 'module', 'surface', 'simulator']);
export const anomalyMetric = z.enum(['errorRate', 'emptyRate', 'rating', 'latency', 'surface', 'simulator']);
export type AnomalyKind = z.infer<typeof anomalyKind>;
export type AnomalyMetric = z.infer<typeof anomalyMetric>;

/**
 * How a finding was decided. `van-elteren`: each persona's days (within one
 * simulator) of the period against its own days of the previous one, combined
 * over personas (docs/statistics.md). `surface-diff` and `fingerprint`: a change
 * read from what the ticks recorded, not a test (no p-value). `fisher-exact`
 * and `mann-whitney-u`: per-call tests of reports before issue 21, kept so that
 * stored evidence still reads.
 */
export const anomalyTest = z.enum(['van-elteren', 'surface-diff', 'fingerprint', 'fisher-exact', 'mann-whitney-u']);

/**
 * A module or tool that got worse beyond noise: the test's p-value, the
 * Benjamini-Hochberg q-value over everything tested in the same report, and
 * the effect (errorRate, emptyRate: after - before; rating: after - before in stars;
 * latency: after / before - 1 of the median) that passed the minimum. A
 * surface or simulator change has no p-value (null).
 */
export const reportAnomaly = z.object({
  /** Stable identity of the finding: `kind:name:metric`. */
  key: z.string(),
  kind: anomalyKind,
  name: z.string(),
  module: z.string(),
  metric: anomalyMetric,
  test: anomalyTest,
  /** errorRate: share of failed calls; emptyRate: share of reads that came back empty; rating: mean stars; latency: median ms (0 for surface and simulator). */
  before: z.number(),
  after: z.number(),
  /** Observations on each side (calls, reads or ratings of the personas compared) and, for errorRate, the failed calls; for emptyRate, the empty reads. */
  counts: z.object({
    before: z.number().int(),
    after: z.number().int(),
    beforeErrors: z.number().int().optional(),
    afterErrors: z.number().int().optional(),
    beforeEmpty: z.number().int().optional(),
    afterEmpty: z.number().int().optional(),
  }),
  pValue: z.number().nullable(),
  qValue: z.number().nullable(),
  effect: z.number(),
  /** The personas compared (active in both periods, within one simulator) and how many of them got worse. */
  personas: z.object({ tested: z.number().int(), worse: z.number().int() }).optional(),
  /**
   * Set when this finding moves with a stronger one in the same personas and
   * does not hold among the personas that never met it: its consequence, not
   * a cause of its own (the key of the lead finding).
   */
  causedBy: z.string().optional(),
  /** A surface change as a readable diff (`+` added, `-` removed, `~` changed). */
  diff: z.string().optional(),
  /** One sentence with the numbers, as the Markdown report and the webhook say it. */
  summary: z.string(),
});
export type ReportAnomaly = z.infer<typeof reportAnomaly>;

const personaRef = z.object({ id: z.string(), name: z.string() });

/**
 * Who played in each period. Only personas active in both drive a tool or
 * module test; the others are a change of the population, not of the product.
 */
export const reportPopulation = z.object({
  before: z.number().int(),
  after: z.number().int(),
  both: z.number().int(),
  /** Played in the period, not in the previous one (new, or back); at most 50 listed. */
  joined: z.array(personaRef),
  /** Played in the previous period only (archived, paused); at most 50 listed. */
  left: z.array(personaRef),
  /** Played in both, hourly in one and daily in the other; at most 50 listed. */
  cadenceChanged: z.array(personaRef),
  joinedCount: z.number().int(),
  leftCount: z.number().int(),
  cadenceChangedCount: z.number().int(),
});
export type ReportPopulation = z.infer<typeof reportPopulation>;

/** One simulator (driver, model, prompt templates, offline policy) and how many ticks it played in a period. */
export const reportSimulator = z.object({
  key: z.string(),
  driver: z.string(),
  model: z.string().nullable(),
  promptHash: z.string().nullable(),
  policyVersion: z.string().nullable(),
  ticks: z.number().int(),
  firstAt: z.string(),
  lastAt: z.string(),
});
export type ReportSimulator = z.infer<typeof reportSimulator>;

/**
 * The simulators of both periods. Tests compare a persona with itself under
 * the same simulator only; `changed` says the mix differs, `note` says how
 * (first in the Markdown report and the webhook).
 */
export const reportSimulators = z.object({
  before: z.array(reportSimulator),
  after: z.array(reportSimulator),
  changed: z.boolean(),
  /** e.g. "The simulator changed on 2026-11-08: offline policy offline-v2 → offline-v2-variant. Calls and ratings are compared within each simulator only." */
  note: z.string().nullable(),
});
export type ReportSimulators = z.infer<typeof reportSimulators>;

/** The MCP surfaces (tools/list hashes) the personas saw in each period, with ticks per hash. */
export const reportSurfaces = z.object({
  before: z.array(z.object({ hash: z.string(), ticks: z.number().int(), tools: z.number().int().nullable(), firstAt: z.string(), lastAt: z.string() })),
  after: z.array(z.object({ hash: z.string(), ticks: z.number().int(), tools: z.number().int().nullable(), firstAt: z.string(), lastAt: z.string() })),
  changed: z.boolean(),
});
export type ReportSurfaces = z.infer<typeof reportSurfaces>;

/** How anomalies were decided, echoed in every report. */
export const reportSettings = z.object({
  falseDiscoveryRate: z.number(),
  minErrorRateIncrease: z.number(),
  minEmptyRateIncrease: z.number(),
  minRatingDrop: z.number(),
  minLatencyIncrease: z.number(),
  minLatencyIncreaseMs: z.number(),
  minObservations: z.number().int(),
  minPersonaDays: z.number().int(),
  /** Hypotheses tested (every one counts for the false-discovery control's bookkeeping) ... */
  tested: z.number().int(),
  /** ... and those whose test could reach the false-discovery level with the personas it had (Tarone; docs/statistics.md). */
  testable: z.number().int(),
});

/** The regression report: `GET /api/v1/admin/report`, `npm run report -- --format json`. */
export const report = z.object({
  generatedAt: z.string(),
  period: window,
  previous: window,
  modules: z.array(reportModule),
  tools: z.array(reportTool),
  complaints: z.array(reportComplaint),
  /** Product findings (kinds tool, module, surface), causes first; a consequence names its lead in `causedBy`. */
  anomalies: z.array(reportAnomaly),
  /** What changed that is not the product (kind simulator): announced with the findings, never counted as one. */
  notices: z.array(reportAnomaly),
  population: reportPopulation,
  simulators: reportSimulators,
  surfaces: reportSurfaces,
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
  /** The report's simulator change, when there is one (also the first line of `text`). */
  notice: z.string().optional(),
  reportUrl: z.string().optional(),
});
export type FindingsWebhook = z.infer<typeof findingsWebhook>;
