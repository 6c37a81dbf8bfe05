import { z } from 'zod';
import { isStorableText, MAX_STORED_JSON_DEPTH, STORABLE_TEXT_MESSAGE, storableString } from './text';

/** A short hash as @mana/core's `shortHash` writes it: the first 16 lowercase hex digits of a SHA-256. */
export const SHORT_HASH_PATTERN = /^[0-9a-f]{16}$/;
const shortHash = z.string().regex(SHORT_HASH_PATTERN, '16 lowercase hex digits');

/** Longest offline policy version (`offline-v2`). */
export const MAX_POLICY_VERSION_CHARS = 64;

/**
 * What a tick's simulator was, beside the completion's `driver` and `model`:
 * a hash of the driver's prompt templates (null for a driver without
 * prompts), the offline policy's version (null for a model driver), and the
 * hash of the MCP server's `tools/list` as the persona saw it (null when the
 * runner did not see it, e.g. the day failed before connecting).
 */
export const simulatorFingerprint = z
  .object({
    promptHash: shortHash.nullable(),
    policyVersion: storableString().min(1).max(MAX_POLICY_VERSION_CHARS).nullable(),
    surfaceHash: shortHash.nullable(),
  })
  .strict();
export type SimulatorFingerprint = z.infer<typeof simulatorFingerprint>;

/** Most tools one stored surface may hold. */
export const MAX_SURFACE_TOOLS = 500;
/** Most JSON bytes one surface may take on the wire (Mana's 29 tools take about 54 KB). */
export const MAX_SURFACE_BYTES = 512 * 1024;
/** Longest tool name of a surface (MCP allows up to 128). */
export const MAX_SURFACE_TOOL_NAME_CHARS = 128;

/** Every string and key storable in `jsonb`, nesting at most `maxDepth` deep. */
function isStorableJson(value: unknown, maxDepth: number, depth = 0): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth >= maxDepth) return false;
  if (Array.isArray(value)) return value.every((item) => isStorableJson(item, maxDepth, depth + 1));
  return Object.entries(value).every(([key, item]) => isStorableText(key) && isStorableJson(item, maxDepth, depth + 1));
}

/** One tool of `tools/list` as the server listed it: a name, and its description, schemas, annotations and title kept as sent. */
export const surfaceTool = z.looseObject({ name: storableString().min(1).max(MAX_SURFACE_TOOL_NAME_CHARS) });
export type SurfaceTool = z.infer<typeof surfaceTool>;

/**
 * One MCP surface: the `tools` of `tools/list` and their hash (`surfaceHashOf`
 * in @mana/core, which mana-auth recomputes and refuses when it differs).
 * Stored once per hash (`tool_surfaces`); a runner sends it the first time it
 * reports a tick with that hash.
 */
export const toolSurface = z
  .object({
    hash: shortHash,
    tools: z
      .array(surfaceTool)
      .max(MAX_SURFACE_TOOLS)
      .refine((tools) => isStorableJson(tools, MAX_STORED_JSON_DEPTH), {
        message: `every text and key ${STORABLE_TEXT_MESSAGE}, and the tools nest at most ${MAX_STORED_JSON_DEPTH} levels deep (toStorableJson makes them so)`,
      })
      .refine((tools) => new TextEncoder().encode(JSON.stringify(tools)).length <= MAX_SURFACE_BYTES, {
        message: `a surface takes at most ${MAX_SURFACE_BYTES} bytes of JSON`,
      }),
  })
  .strict();
export type ToolSurface = z.infer<typeof toolSurface>;
