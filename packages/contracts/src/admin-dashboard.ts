import { z } from 'zod';
import { anomalyMetric } from './report';

/**
 * The dashboard's read API (admin only). Every endpoint takes the same window:
 * `days` (1-90, default 7) back from now; day buckets are UTC dates (YYYY-MM-DD),
 * listed oldest first and without gaps, so a chart's x axis is `days` itself.
 */
export const adminWindowQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(7) });
export type AdminWindowQuery = z.infer<typeof adminWindowQuery>;

/** A module or tool name in a path: what the registry allows, plus foreign MCP modules. */
export const adminNameParam = z.string().regex(/^[a-zA-Z0-9_.:-]{1,100}$/, 'must be 1-100 letters, digits or _ . : -');

/** Daily mean of rated rows of one module (null on a day without ratings) and how many there were. */
export const ratingPoint = z.object({ day: z.string(), averageRating: z.number().nullable(), ratings: z.number().int() });
export type RatingPoint = z.infer<typeof ratingPoint>;
export const moduleRatingSeries = z.object({ module: z.string(), points: z.array(ratingPoint) });
export type ModuleRatingSeries = z.infer<typeof moduleRatingSeries>;

/**
 * Where a latency figure comes from, as in the report: `handler` is the app's own
 * handler time (`persona_actions.handler_ms`), chosen wherever the server reported it
 * in the window or the period before; `client` is what the runner measured around the
 * call (network, queueing and the simulation's own load included), used only where no
 * handler time exists (a foreign MCP module).
 */
export const latencySource = z.enum(['handler', 'client']);
export type LatencySource = z.infer<typeof latencySource>;

/**
 * Calls of a period: count, errors, error rate (null without calls), successful reads
 * that told whether they were empty and how many were (empty rate null without reads),
 * latency percentiles on the `latencySource` (`p50LatencyMs`, `p95LatencyMs`: what
 * changes are computed on) and the client-measured percentiles beside them.
 */
const callFigures = {
  calls: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  reads: z.number().int(),
  empties: z.number().int(),
  emptyRate: z.number().nullable(),
  p50LatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
  p50ClientMs: z.number().nullable(),
  p95ClientMs: z.number().nullable(),
};

/** Daily tool calls (see `callFigures`; the source is the series' `latencySource`). */
export const toolPoint = z.object({ day: z.string(), ...callFigures });
export type ToolPoint = z.infer<typeof toolPoint>;

/** The metrics of a tool or module that the report for the same window flags (the last part of its `tool:`/`module:` anomaly keys). */
export const flaggedMetrics = z.array(anomalyMetric.extract(['errorRate', 'emptyRate', 'rating', 'latency']));

export const tickPoint = z.object({
  day: z.string(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
});
export type TickPoint = z.infer<typeof tickPoint>;

/** `GET /api/v1/admin/series?days=N`: the overview's charts. */
export const adminSeries = z.object({
  since: z.string(),
  days: z.array(z.string()),
  modules: z.array(moduleRatingSeries),
  tools: z.array(toolPoint),
  /** The source of the tool points' `p50LatencyMs`/`p95LatencyMs`. */
  latencySource,
  ticks: z.array(tickPoint),
});
export type AdminSeries = z.infer<typeof adminSeries>;

/** Figures of one tool over a period (see `callFigures`). */
export const toolFigures = z.object(callFigures);
export type ToolFigures = z.infer<typeof toolFigures>;

/** One failed call, linked to its tick and persona. */
export const toolError = z.object({
  tickId: z.string(),
  personaId: z.string(),
  personaName: z.string(),
  toolName: z.string(),
  message: z.string().nullable(),
  createdAt: z.string(),
});
export type ToolError = z.infer<typeof toolError>;

/**
 * A tool in the window beside the period before it (same length), with its latest
 * errors. `latencySource` applies to both periods' `p50LatencyMs`/`p95LatencyMs`;
 * `flagged` lists the metrics the report for the same window flags (`tool:<name>:<metric>`):
 * only those are shown as worse, every other change plainly.
 */
export const toolSummary = toolFigures.extend({
  toolName: z.string(),
  module: z.string(),
  latencySource,
  previous: toolFigures,
  flagged: flaggedMetrics,
  lastErrors: z.array(toolError),
});
export type ToolSummary = z.infer<typeof toolSummary>;

/** `GET /api/v1/admin/tools?days=N`: every tool called in this or the previous period, failures first. */
export const adminToolList = z.object({ since: z.string(), previousSince: z.string(), tools: z.array(toolSummary) });
export type AdminToolList = z.infer<typeof adminToolList>;

/** `GET /api/v1/admin/tools/:name?days=N` */
export const adminToolDetail = z.object({
  since: z.string(),
  days: z.array(z.string()),
  tool: toolSummary,
  /** From the registry; null for a tool of a foreign MCP module. */
  description: z.string().nullable(),
  series: z.array(toolPoint),
  errors: z.array(toolError),
});
export type AdminToolDetail = z.infer<typeof adminToolDetail>;

/** A rating with its notes, linked to its tick. */
export const ratingNote = z.object({
  tickId: z.string(),
  personaId: z.string(),
  personaName: z.string(),
  module: z.string(),
  rating: z.number().int(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});
export type RatingNote = z.infer<typeof ratingNote>;

/** `GET /api/v1/admin/modules/:module?days=N`: rating trend, its tools, recent notes (complaints first). */
export const adminModuleDetail = z.object({
  since: z.string(),
  days: z.array(z.string()),
  module: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  averageRating: z.number().nullable(),
  ratings: z.number().int(),
  parseErrors: z.number().int(),
  /** `['rating']` when the report for the same window flags `module:<name>:rating`, else empty. */
  flagged: flaggedMetrics,
  series: z.array(ratingPoint),
  tools: z.array(toolSummary),
  notes: z.array(ratingNote),
});
export type AdminModuleDetail = z.infer<typeof adminModuleDetail>;

/** `GET /api/v1/admin/personas/:id/ratings?days=N`: one persona's ratings per module and day. */
export const adminPersonaRatings = z.object({
  since: z.string(),
  days: z.array(z.string()),
  modules: z.array(moduleRatingSeries),
  notes: z.array(ratingNote),
});
export type AdminPersonaRatings = z.infer<typeof adminPersonaRatings>;
