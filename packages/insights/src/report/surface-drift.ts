import type { ReportAnomaly, ReportSurfaces } from '@mana/contracts';
import type { StoredSurface, SurfaceRow } from './persona-queries';

/** What a tool of tools/list is made of, for the diff. */
interface SurfaceTool {
  name: string;
  [field: string]: unknown;
}

/** The fields of a tool whose change the personas feel. */
const FIELDS = ['description', 'inputSchema', 'outputSchema', 'annotations', 'title'] as const;

/** The surfaces the personas saw in each period, and whether the latest one changed. */
export function surfacesOf(rows: readonly SurfaceRow[], stored: readonly StoredSurface[]): ReportSurfaces {
  const counts = new Map(stored.map((s) => [s.hash, s.toolCount]));
  const side = (s: 0 | 1) =>
    rows
      .filter((r) => r.side === s)
      .sort((a, b) => a.firstAt.localeCompare(b.firstAt) || a.hash.localeCompare(b.hash))
      .map(({ side: _side, ...r }) => ({ ...r, tools: counts.get(r.hash) ?? null }));
  const [before, after] = [side(0), side(1)];
  const latest = (list: typeof before) => [...list].sort((a, b) => b.lastAt.localeCompare(a.lastAt))[0]?.hash;
  return { before, after, changed: before.length > 0 && after.length > 0 && latest(before) !== latest(after) };
}

/** The hashes whose stored copies the drift needs: the latest of each period. */
export function latestHashes(rows: readonly SurfaceRow[]): { before?: string; after?: string } {
  const latest = (s: 0 | 1) => rows.filter((r) => r.side === s).sort((a, b) => b.lastAt.localeCompare(a.lastAt))[0]?.hash;
  return { before: latest(0), after: latest(1) };
}

/**
 * Surface drift: one finding per tool added, removed or changed between the
 * latest surface the personas saw in the previous period and the latest in
 * this one, with a readable diff. A fact read from tools/list, not a test.
 * Without a stored copy of either surface, one finding says the hash changed.
 */
export function surfaceDrift(
  hashes: { before?: string; after?: string },
  stored: readonly StoredSurface[],
  moduleOf: (tool: string) => string,
  firstSeen: string | undefined,
): ReportAnomaly[] {
  if (!hashes.before || !hashes.after || hashes.before === hashes.after) return [];
  const [from, to] = [stored.find((s) => s.hash === hashes.before), stored.find((s) => s.hash === hashes.after)];
  const when = firstSeen ? ` (first seen ${firstSeen.slice(0, 16).replace('T', ' ')} UTC)` : '';
  if (!from || !to) {
    return [drift('*', '', `The MCP surface changed from ${hashes.before} to ${hashes.after}${when}; no stored copy of ${from ? 'the new' : 'the old'} one to compare.`, '')];
  }
  const toolsOf = (s: StoredSurface) => new Map(s.tools.filter(isTool).map((t) => [t.name, t]));
  const [old, now] = [toolsOf(from), toolsOf(to)];
  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  const findings: ReportAnomaly[] = [];
  for (const name of names) {
    const [a, b] = [old.get(name), now.get(name)];
    if (!a) findings.push(drift(name, moduleOf(name), `Tool ${name} was added to the MCP surface${when}.`, `+ ${name}`));
    else if (!b) findings.push(drift(name, moduleOf(name), `Tool ${name} was removed from the MCP surface${when}.`, `- ${name}`));
    else {
      const changed = FIELDS.filter((f) => stableJson(a[f]) !== stableJson(b[f]));
      if (changed.length === 0) continue;
      const diff = changed.flatMap((f) => fieldDiff(f, a[f], b[f]));
      findings.push(drift(name, moduleOf(name), `Tool ${name} changed its ${changed.map(fieldName).join(', ')}${when}.`, [`~ ${name}`, ...diff].join('\n')));
    }
  }
  return findings;
}

function drift(name: string, module: string, summary: string, diff: string): ReportAnomaly {
  return {
    key: `surface:${name}:surface`,
    kind: 'surface',
    name,
    module,
    metric: 'surface',
    test: 'surface-diff',
    before: 0,
    after: 0,
    counts: { before: 0, after: 0 },
    pValue: null,
    qValue: null,
    effect: 0,
    diff,
    summary,
  };
}

const isTool = (value: unknown): value is SurfaceTool => typeof value === 'object' && value !== null && typeof (value as SurfaceTool).name === 'string';
const fieldName = (field: (typeof FIELDS)[number]) =>
  ({ description: 'description', inputSchema: 'input schema', outputSchema: 'output schema', annotations: 'annotations', title: 'title' })[field];

/** JSON with sorted keys, so key order never reads as a change. */
function stableJson(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `path: value` lines of a JSON value (leaves only), for a line diff of schemas. */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value).sort()) leaves((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) out.set(path, stableJson(value));
  return out;
}

/** The lines of one field that differ: `-` the old value, `+` the new. */
function fieldDiff(field: string, a: unknown, b: unknown): string[] {
  const [old, now] = [leaves(a, field, new Map()), leaves(b, field, new Map())];
  const lines: string[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const [x, y] = [old.get(path), now.get(path)];
    if (x === y) continue;
    if (x !== undefined) lines.push(`  - ${path}: ${cut(x)}`);
    if (y !== undefined) lines.push(`  + ${path}: ${cut(y)}`);
  }
  return lines;
}

const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);
