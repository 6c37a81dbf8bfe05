import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two inputs that differ only
 * in key order hash alike. `undefined` members are dropped as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}

/** sha256 hex of the canonical JSON of a tool input (the `inputHash` of an action). */
export function hashInput(input: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(input ?? {}))
    .digest('hex');
}
