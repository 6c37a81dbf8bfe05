import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two values that differ only
 * in key order serialise alike. `undefined` members are dropped as
 * JSON.stringify does (and stand as `null` inside arrays); array order is kept.
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

/** The first 16 hex digits (64 bits) of SHA-256 over a text: short enough for a column, far from colliding among a project's builds. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The hash of an MCP server's surface: 16 hex digits of SHA-256 over the
 * canonical JSON of its `tools/list` tools sorted by name, so the order a
 * server lists them in does not change it, while any change to a tool's
 * description, schemas or annotations does.
 */
export function surfaceHashOf(tools: readonly { readonly name: string; readonly [member: string]: unknown }[]): string {
  const keyed = tools.map((tool) => ({ name: tool.name, json: canonicalJson(tool) }));
  // By name; two tools of one name (a broken server) by their JSON, so the order still does not matter.
  keyed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.json < b.json ? -1 : a.json > b.json ? 1 : 0));
  return shortHash(`[${keyed.map((k) => k.json).join(',')}]`);
}

/** What decides how a simulated persona behaves, apart from the product: the driver, its model, its prompts and its policy. */
export interface SimulatorIdentity {
  driver: string;
  model: string | null | undefined;
  promptHash: string | null | undefined;
  policyVersion: string | null | undefined;
}

/**
 * The key the report compares like with like by: 16 hex digits of SHA-256
 * over the canonical JSON of the driver, model, prompt hash and policy
 * version (absent ones as null, so an absent and a null field key alike).
 */
export function simulatorKeyOf(identity: SimulatorIdentity): string {
  return shortHash(
    canonicalJson({ driver: identity.driver, model: identity.model ?? null, promptHash: identity.promptHash ?? null, policyVersion: identity.policyVersion ?? null }),
  );
}
