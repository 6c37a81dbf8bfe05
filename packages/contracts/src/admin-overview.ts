import { z } from 'zod';
import { flaggedMetrics, latencySource } from './admin-dashboard';

/**
 * `GET /api/v1/admin/overview?days=7` (query: `adminWindowQuery`): the Monday-morning
 * view over all personas — how each module is rated, which tools fail, and what the ticks cost.
 */
export const adminOverview = z.object({
  since: z.string(),
  modules: z.array(
    z.object({
      module: z.string(),
      /** Mean of rated rows only; parse errors never count. */
      averageRating: z.number().nullable(),
      ratings: z.number().int(),
      parseErrors: z.number().int(),
      actions: z.number().int(),
      errors: z.number().int(),
      /** What the report for the same window flags for the module (`rating`) or any of its tools (`errorRate`, `emptyRate`, `latency`). */
      flagged: flaggedMetrics,
    }),
  ),
  tools: z.array(
    z.object({
      toolName: z.string(),
      module: z.string(),
      calls: z.number().int(),
      errors: z.number().int(),
      /** Median on `latencySource`: the app's handler time wherever the server reported it, as in the report. */
      p50LatencyMs: z.number().nullable(),
      latencySource,
      /** Median of the client-measured latency, shown beside it. */
      p50ClientMs: z.number().nullable(),
      /** The tool's metrics the report for the same window flags. */
      flagged: flaggedMetrics,
      lastError: z.string().nullable(),
    }),
  ),
  ticks: z.object({
    succeeded: z.number().int(),
    failed: z.number().int(),
    inFlight: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number(),
  }),
  /** The lowest ratings with their notes, newest first: what hurt. */
  complaints: z.array(z.object({ personaName: z.string(), module: z.string(), rating: z.number().int(), notes: z.string().nullable(), createdAt: z.string() })),
});
export type AdminOverview = z.infer<typeof adminOverview>;
