import { z } from 'zod';

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
    }),
  ),
  tools: z.array(
    z.object({
      toolName: z.string(),
      module: z.string(),
      calls: z.number().int(),
      errors: z.number().int(),
      p50LatencyMs: z.number().nullable(),
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
