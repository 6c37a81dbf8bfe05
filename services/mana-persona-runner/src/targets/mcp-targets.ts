import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { actionModule } from '@mana/contracts';
import type { McpTarget } from '../drivers/driver';

const headers = z.record(z.string(), z.string());
/** The module id mana-auth accepts on an action, so a bad one fails at start-up. */
const moduleId = actionModule;

const override = z.object({ url: z.string().url().optional(), headers: headers.optional(), module: moduleId.optional() }).strict();

const targetsSchema = z
  .object({
    /** Streamable-HTTP endpoint of the product under test. */
    url: z.string().url(),
    /** Static headers every persona sends (merged under the persona's own). */
    headers: headers.default({}),
    /** Module recorded for each tool call unless `modules` names the tool. */
    module: moduleId,
    /** Tool name -> module, for servers with several areas. */
    modules: z.record(z.string(), moduleId).default({}),
    /** Persona e-mail -> its own url, headers (e.g. its own API token) or module. */
    personas: z.record(z.string(), override).default({}),
  })
  .strict();

/** A foreign Streamable-HTTP MCP server the personas use instead of mana-mcp. */
export type McpTargets = z.infer<typeof targetsSchema>;

/** One persona's resolved foreign target. */
export interface ResolvedTarget {
  mcp: McpTarget;
  moduleOf: (toolName: string) => string;
}

/**
 * Parses `PERSONA_MCP_TARGETS`: inline JSON (starts with `{`) or the path of a JSON file.
 * A bad file fails at start-up and names what is wrong.
 */
export function parseMcpTargets(value: string): McpTargets {
  const text = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`PERSONA_MCP_TARGETS is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = targetsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`PERSONA_MCP_TARGETS: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The target of one persona: defaults, overridden by its own entry (headers merge). */
export function resolveTarget(targets: McpTargets, email: string): ResolvedTarget {
  const own = targets.personas[email.trim().toLowerCase()] ?? targets.personas[email] ?? {};
  const module = own.module ?? targets.module;
  return {
    mcp: { url: own.url ?? targets.url, headers: { ...targets.headers, ...own.headers } },
    moduleOf: (toolName) => targets.modules[toolName] ?? module,
  };
}
