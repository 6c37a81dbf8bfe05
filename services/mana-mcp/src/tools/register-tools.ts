import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { TOOL_NAME_PATTERN, type ToolDefinition, type ToolRegistry } from '@mana/tools';
import type { ToolCallResult } from './call-tool';

/** A registry tool checked and ready to be registered on an MCP server. */
export interface ToolBinding {
  tool: ToolDefinition;
  annotations: ToolAnnotations;
}

/**
 * Checks every exposed tool once, at start-up, exactly as the SDK will convert
 * it when a client lists tools: a bad name, a destructive tool, or a schema
 * that cannot become an object JSON Schema (dates, transforms on output, …)
 * throws here, naming the tool, instead of breaking `tools/list` later.
 */
export function prepareToolBindings(registry: ToolRegistry): ToolBinding[] {
  return registry.exposedTools().map((tool) => {
    if (tool.policy === 'destructive') throw new Error(`Tool ${tool.name} is destructive and must never be exposed over MCP`);
    if (!TOOL_NAME_PATTERN.test(tool.name)) throw new Error(`Tool name "${tool.name}" does not match ${TOOL_NAME_PATTERN}`);
    for (const [label, schema, pipeStrategy] of [['input', tool.input, 'input'], ['output', tool.output, 'output']] as const) {
      let json: Record<string, unknown>;
      try {
        json = toJsonSchemaCompat(schema, { strictUnions: true, pipeStrategy });
      } catch (error) {
        throw new Error(`Tool ${tool.name}: ${label} schema cannot be expressed as JSON Schema (${(error as Error).message})`);
      }
      if (json.type !== 'object') throw new Error(`Tool ${tool.name}: ${label} schema must be an object schema`);
    }
    const annotations: ToolAnnotations = {
      title: tool.title,
      readOnlyHint: tool.policy === 'read',
      destructiveHint: false,
      idempotentHint: tool.policy === 'read',
      openWorldHint: false,
    };
    return { tool, annotations };
  });
}

/**
 * Registers the bindings on one session's MCP server. The SDK validates the
 * arguments against the input schema before `run` (wrong types and missing
 * fields never reach a handler) and the structured result against the output
 * schema after it. A refused or failed call becomes `isError: true` with a text
 * the model can read and act on.
 */
export function registerTools(server: McpServer, bindings: readonly ToolBinding[], run: (tool: ToolDefinition, args: unknown) => Promise<ToolCallResult>): void {
  for (const { tool, annotations } of bindings) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations },
      async (args: unknown): Promise<CallToolResult> => toCallToolResult(await run(tool, args)),
    );
  }
}

/** Maps a tool call's result onto MCP: structured content plus its JSON text, or a tool error. */
export function toCallToolResult(result: ToolCallResult): CallToolResult {
  if (!result.ok) return { isError: true, content: [{ type: 'text', text: result.message }] };
  return { structuredContent: result.structured, content: [{ type: 'text', text: JSON.stringify(result.structured) }] };
}
