import { MAX_STORED_JSON_DEPTH, toolSurface, toStorableJson, type ToolSurface } from '@mana/contracts';
import { surfaceHashOf, type Logger } from '@mana/core';
import type { McpTarget } from '../drivers/driver';
import { listTargetTools } from '../targets/list-tools';

/** How long (on the runner's clock) a surface the runner listed itself stands for its target before it is listed again. */
export const SURFACE_LIST_TTL_MS = 10 * 60_000;

/** The members of a listed tool that make its surface; others (`_meta`, `icons`) may vary per session and are left out of the hash. */
const SURFACE_MEMBERS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

/** Surfaces already turned from listed tools, by their listing's JSON (a process sees few distinct ones). */
const MEMO_SIZE = 16;

/**
 * The MCP surfaces of one runner process: the listed tools made into a
 * surface (its six defining members, storable, hashed), the runner's own
 * listing for drivers that do not report theirs (cached per target URL), and
 * which surfaces a landed completion already carried, so each is sent once.
 */
export interface SurfaceTracker {
  /** The surface of a `tools/list` as a driver saw it; undefined when it cannot be sent (over the contract's caps: logged). */
  surfaceOf(tools: readonly unknown[]): ToolSurface | undefined;
  /** The target's surface as the runner lists it itself, cached per URL for SURFACE_LIST_TTL_MS; undefined when listing failed (logged). */
  list(target: McpTarget, signal: AbortSignal): Promise<ToolSurface | undefined>;
  /** The surface to send with a completion: undefined once a completion carrying it has landed. */
  unsent(surface: ToolSurface | undefined): ToolSurface | undefined;
  /** A completion carrying this surface landed: mana-auth has stored it. */
  landed(hash: string): void;
}

export interface SurfaceTrackerOptions {
  now: () => Date;
  log: Logger;
  /** Each request of the runner's own listing gives up after this. */
  timeoutMs: number;
  /** The listing (tests may count it); default `listTargetTools`. */
  listTools?: (target: McpTarget, signal: AbortSignal, timeoutMs: number) => Promise<unknown[]>;
}

export function createSurfaceTracker(options: SurfaceTrackerOptions): SurfaceTracker {
  const listTools = options.listTools ?? listTargetTools;
  const memo = new Map<string, ToolSurface | undefined>();
  const listed = new Map<string, { at: number; surface: Promise<ToolSurface | undefined> }>();
  const sent = new Set<string>();

  const surfaceOf = (tools: readonly unknown[]): ToolSurface | undefined => {
    const key = JSON.stringify(tools);
    if (memo.has(key)) return memo.get(key);
    const surface = toSurface(tools, options.log);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(key, surface);
    return surface;
  };

  return {
    surfaceOf,
    list(target, signal) {
      const now = options.now().getTime();
      const cached = listed.get(target.url);
      if (cached && now - cached.at < SURFACE_LIST_TTL_MS && now >= cached.at) return cached.surface;
      const surface = listTools(target, signal, options.timeoutMs).then(surfaceOf, (error: unknown) => {
        // Not cached: the next tick lists again.
        listed.delete(target.url);
        options.log.warn('listing the MCP surface failed; the tick is sent without one', { url: target.url, error: (error as Error).message });
        return undefined;
      });
      listed.set(target.url, { at: now, surface });
      return surface;
    },
    unsent: (surface) => (surface && !sent.has(surface.hash) ? surface : undefined),
    landed: (hash) => sent.add(hash),
  };
}

/** The listed tools as a surface: each tool's defining members, made storable, hashed, and checked against the contract. */
function toSurface(listed: readonly unknown[], log: Logger): ToolSurface | undefined {
  const tools = listed.map((tool) => {
    const picked: Record<string, unknown> = {};
    if (tool === null || typeof tool !== 'object') return picked;
    for (const member of SURFACE_MEMBERS) if ((tool as Record<string, unknown>)[member] !== undefined) picked[member] = (tool as Record<string, unknown>)[member];
    return picked;
  });
  const storable = toStorableJson(tools, MAX_STORED_JSON_DEPTH) as { name: string }[];
  const parsed = toolSurface.safeParse({ hash: surfaceHashOf(storable), tools: storable });
  if (!parsed.success) {
    log.warn('the MCP surface cannot be sent (over the contract caps); ticks carry no surface hash for it', {
      tools: listed.length,
      error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
    return undefined;
  }
  return parsed.data;
}
