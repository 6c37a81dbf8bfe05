import type { z } from 'zod';

/**
 * Parses a service's environment once with its zod schema. The error names every
 * failing variable, so a bad deployment says exactly what to fix.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

/** `true`/`1`/`yes`/`on` (any case) as a boolean env flag; empty or unset is false. */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
