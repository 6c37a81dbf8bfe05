import { isDeepStrictEqual } from 'node:util';
import type { RecordingSurface } from '@mana/contracts';

/** A tool of a tools/list, as far as the surface check reads it. */
export interface SurfaceTool {
  name: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
}

/** How a recorded tool stands in the current tools/list. */
export type ToolStanding = { kind: 'same' } | { kind: 'gone' } | { kind: 'changed'; detail: string };

/**
 * The recorded surfaces (the tools/list copies of the recording's header, by
 * hash) against the current tools/list: a tool is `gone`, or `changed` when its
 * input or output JSON Schema differs (descriptions and annotations do not
 * count: they change what a model reads, not what the tool does). A tick
 * without a recorded surface hash (recorded before fingerprints) is only
 * checked for gone tools.
 */
export function createSurfaceCheck(recorded: readonly RecordingSurface[], current: readonly SurfaceTool[]) {
  const now = new Map(current.map((tool) => [tool.name, tool]));
  const surfaces = new Map(recorded.map((surface) => [surface.hash, new Map(surface.tools.map((tool) => [tool.name, tool as SurfaceTool]))]));
  return {
    /** The standing of `tool` as the tick with this surface hash saw it. */
    standing(tool: string, surfaceHash: string | null): ToolStanding {
      const listed = now.get(tool);
      if (!listed) return { kind: 'gone' };
      const seen = surfaceHash ? surfaces.get(surfaceHash)?.get(tool) : undefined;
      if (!seen) return { kind: 'same' };
      const changed = (['inputSchema', 'outputSchema'] as const).filter((key) => !isDeepStrictEqual(seen[key] ?? null, listed[key] ?? null));
      if (!changed.length) return { kind: 'same' };
      return { kind: 'changed', detail: `${changed.map((key) => (key === 'inputSchema' ? 'input' : 'output')).join(' and ')} schema changed since the recording` };
    },
    /** True when the current tools/list has the tool. */
    has: (tool: string) => now.has(tool),
  };
}

export type SurfaceCheck = ReturnType<typeof createSurfaceCheck>;
