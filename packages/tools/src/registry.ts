import { z } from 'zod';
import { TOOL_NAME_PATTERN } from '@mana/contracts';
import { AppError, isAppError } from '@mana/core';
import type { ModuleDefinition, ToolContext, ToolDefinition } from './tool';
import { inputJsonSchema } from './json-schema';

/** The registry every other part reads: MCP listing, the runner, the catalogue validator, docs. */
export interface ToolRegistry {
  modules(): readonly ModuleDefinition[];
  moduleIds(): readonly string[];
  hasModule(id: string): boolean;
  tools(): readonly ToolDefinition[];
  /** Tools that may be offered to agents over MCP (never `destructive`). */
  exposedTools(): readonly ToolDefinition[];
  tool(name: string): ToolDefinition | undefined;
  /** Module id of a tool, from the registry (never parsed from the name); undefined for an unknown tool. */
  moduleOf(toolName: string): string | undefined;
  /** The tools of one module, in definition order; empty for an unknown module. */
  toolsOf(moduleId: string): readonly ToolDefinition[];
  /**
   * Validates input, runs the handler, validates the output against the output
   * schema. Throws `AppError`: the handler's own (NOT_FOUND, VALIDATION,
   * CONFLICT, ...), VALIDATION for bad arguments, INTERNAL (logged, details
   * hidden) for anything unexpected such as a database fault.
   */
  invoke(name: string, input: unknown, ctx: ToolContext): Promise<Record<string, unknown>>;
}

/**
 * Builds a registry. Throws at start-up on a duplicate module id or tool name,
 * a bad tool name, or a schema that cannot be rendered as JSON Schema.
 */
export function createRegistry(modules: ModuleDefinition[]): ToolRegistry {
  const byName = new Map<string, ToolDefinition>();
  const byModule = new Map<string, ToolDefinition[]>();
  for (const module of modules) {
    if (byModule.has(module.id)) throw new Error(`Duplicate module id: ${module.id}`);
    byModule.set(module.id, module.tools);
    for (const tool of module.tools) {
      if (!TOOL_NAME_PATTERN.test(tool.name)) throw new Error(`Invalid tool name "${tool.name}": must match ${TOOL_NAME_PATTERN}`);
      if (byName.has(tool.name)) throw new Error(`Duplicate tool name: ${tool.name}`);
      if (tool.module !== module.id) throw new Error(`Tool ${tool.name} claims module ${tool.module} but is listed in ${module.id}`);
      inputJsonSchema(tool);
      byName.set(tool.name, tool);
    }
  }
  const tools = [...byName.values()];
  const exposed = tools.filter((tool) => tool.policy !== 'destructive');

  return {
    modules: () => modules,
    moduleIds: () => [...byModule.keys()],
    hasModule: (id) => byModule.has(id),
    tools: () => tools,
    exposedTools: () => exposed,
    tool: (name) => byName.get(name),
    moduleOf: (toolName) => byName.get(toolName)?.module,
    toolsOf: (moduleId) => byModule.get(moduleId) ?? [],
    async invoke(name, input, ctx) {
      const tool = byName.get(name);
      if (!tool) throw new AppError('NOT_FOUND', `Unknown tool: ${name}`);
      const parsed = tool.input.safeParse(input ?? {});
      if (!parsed.success) throw new AppError('VALIDATION', `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}`);
      try {
        const result = await tool.handler(parsed.data, ctx);
        return tool.output.parse(result) as Record<string, unknown>;
      } catch (error) {
        if (isAppError(error)) throw error;
        ctx.log.error('tool failed unexpectedly', { tool: name, error: error instanceof Error ? error.message : String(error) });
        throw new AppError('INTERNAL', `The tool ${name} failed unexpectedly. Please try again later.`);
      }
    },
  };
}
