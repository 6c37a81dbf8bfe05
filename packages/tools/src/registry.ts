import { z } from 'zod';
import { AppError } from '@mana/core';
import type { ModuleDefinition, ToolContext, ToolDefinition } from './tool';

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** The registry every other part reads: MCP listing, the runner, the catalogue validator, docs. */
export interface ToolRegistry {
  modules(): readonly ModuleDefinition[];
  moduleIds(): readonly string[];
  hasModule(id: string): boolean;
  tools(): readonly ToolDefinition[];
  /** Tools that may be offered to agents over MCP (never `destructive`). */
  exposedTools(): readonly ToolDefinition[];
  tool(name: string): ToolDefinition | undefined;
  /** Validates input, runs the handler, validates the output against the output schema. */
  invoke(name: string, input: unknown, ctx: ToolContext): Promise<Record<string, unknown>>;
}

/** Builds a registry; a duplicate tool or module name, or a bad tool name, throws at start-up. */
export function createRegistry(modules: ModuleDefinition[]): ToolRegistry {
  const byName = new Map<string, ToolDefinition>();
  const moduleIds = new Set<string>();
  for (const module of modules) {
    if (moduleIds.has(module.id)) throw new Error(`Duplicate module id: ${module.id}`);
    moduleIds.add(module.id);
    for (const tool of module.tools) {
      if (!TOOL_NAME_PATTERN.test(tool.name)) throw new Error(`Invalid tool name "${tool.name}": must match ${TOOL_NAME_PATTERN}`);
      if (byName.has(tool.name)) throw new Error(`Duplicate tool name: ${tool.name}`);
      byName.set(tool.name, tool);
    }
  }
  const tools = [...byName.values()];
  const exposed = tools.filter((tool) => tool.policy !== 'destructive');

  return {
    modules: () => modules,
    moduleIds: () => [...moduleIds],
    hasModule: (id) => moduleIds.has(id),
    tools: () => tools,
    exposedTools: () => exposed,
    tool: (name) => byName.get(name),
    async invoke(name, input, ctx) {
      const tool = byName.get(name);
      if (!tool) throw new AppError('NOT_FOUND', `Unknown tool: ${name}`);
      const parsed = tool.input.safeParse(input ?? {});
      if (!parsed.success) throw new AppError('VALIDATION', `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}`);
      const result = await tool.handler(parsed.data, ctx);
      return tool.output.parse(result) as Record<string, unknown>;
    },
  };
}
