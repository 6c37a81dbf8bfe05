import { z } from 'zod';

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

/** Daily tool calls: count, errors, error rate (null without calls) and latency percentiles. */
export const toolPoint = z.object({
  day: z.string(),
  calls: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  p50LatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
});
export type ToolPoint = z.infer<typeof toolPoint>;

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
  ticks: z.array(tickPoint),
});
export type AdminSeries = z.infer<typeof adminSeries>;

/** Figures of one tool over a period. */
export const toolFigures = z.object({
  calls: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  p50LatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
});
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

/** A tool in the window beside the period before it (same length), with its latest errors. */
export const toolSummary = toolFigures.extend({
  toolName: z.string(),
  module: z.string(),
  previous: toolFigures,
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
