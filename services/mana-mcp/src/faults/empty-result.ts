import type { z } from 'zod';

/**
 * The "empty" fault: every array in a tool's structured result becomes `[]`
 * (also inside nested objects), the rest is kept. If the emptied result no
 * longer fits the output schema (say an array with a minimum length) the real
 * result is returned, so the fault never produces a schema violation.
 */
export function emptyResult(result: Record<string, unknown>, output: z.ZodType): { result: Record<string, unknown>; emptied: boolean } {
  const emptied = emptyArrays(result) as Record<string, unknown>;
  const parsed = output.safeParse(emptied);
  return parsed.success ? { result: parsed.data as Record<string, unknown>, emptied: true } : { result, emptied: false };
}

function emptyArrays(value: unknown): unknown {
  if (Array.isArray(value)) return [];
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, emptyArrays(inner)]));
}
