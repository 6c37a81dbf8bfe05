import { performance } from 'node:perf_hooks';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import { ListToolsRequestSchema, type CallToolResult, type ServerNotification, type ServerRequest, type Tool, type ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { HANDLER_TIME_META_KEY, TOOL_NAME_PATTERN } from '@mana/contracts';
import { withoutFormatPatterns, type ToolDefinition, type ToolRegistry } from '@mana/tools';
import type { ToolCallResult } from './call-tool';

/** A registry tool checked and ready to be registered on an MCP server. */
export interface ToolBinding {
  tool: ToolDefinition;
  annotations: ToolAnnotations;
  /** The tool as `tools/list` shows it, JSON Schemas converted once at start-up (without the regexes that restate a `format`). */
  listed: Tool;
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
    const [inputSchema, outputSchema] = (['input', 'output'] as const).map((label) => {
      let json: Record<string, unknown>;
      try {
        json = withoutFormatPatterns(toJsonSchemaCompat(tool[label], { strictUnions: true, pipeStrategy: label }));
      } catch (error) {
        throw new Error(`Tool ${tool.name}: ${label} schema cannot be expressed as JSON Schema (${(error as Error).message})`);
      }
      if (json.type !== 'object') throw new Error(`Tool ${tool.name}: ${label} schema must be an object schema`);
      return json as Tool['inputSchema'];
    });
    const annotations: ToolAnnotations = {
      title: tool.title,
      readOnlyHint: tool.policy === 'read',
      destructiveHint: false,
      idempotentHint: tool.policy === 'read',
      openWorldHint: false,
    };
    // `execution` as the SDK's registerTool sets it for a plain (non-task) tool.
    const listed: Tool = { name: tool.name, title: tool.title, description: tool.description, inputSchema, annotations, execution: { taskSupport: 'forbidden' }, outputSchema };
    return { tool, annotations, listed };
  });
}

/** What the SDK hands a tool handler beside its arguments (the request's `authInfo`, abort signal, …). */
export type ToolCallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Registers the bindings on an MCP server. The SDK validates the
 * arguments against the input schema before `run` (wrong types and missing
 * fields never reach a handler) and the structured result against the output
 * schema after it. A refused or failed call becomes `isError: true` with a text
 * the model can read and act on.
 * `tools/list` answers the list converted once at start-up: the SDK's own
 * handler converts every tool's zod schemas to JSON Schema again on each list,
 * in each session, and keeps zod's regex beside every `format` (a test checks
 * the two lists are equal but for those; see `withoutFormatPatterns`). The same server may
 * serve many requests (`createRequestServer`): per-request facts come in `extra`.
 * Every result carries the app's own time for the call in `_meta`
 * (HANDLER_TIME_META_KEY), measured around the gate and the handler, so a
 * runner can tell a slow app from its own queueing.
 */
export function registerTools(
  server: McpServer,
  bindings: readonly ToolBinding[],
  run: (tool: ToolDefinition, args: unknown, extra: ToolCallExtra) => Promise<ToolCallResult>,
): void {
  for (const { tool, annotations } of bindings) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations },
      async (args: unknown, extra: ToolCallExtra): Promise<CallToolResult> => {
        const started = performance.now();
        const result = toCallToolResult(await run(tool, args, extra));
        return { ...result, _meta: { [HANDLER_TIME_META_KEY]: Math.round((performance.now() - started) * 1000) / 1000 } };
      },
    );
  }
  const listed = listOf(bindings);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
}

const lists = new WeakMap<readonly ToolBinding[], Tool[]>();
/** One `tools/list` array per set of bindings (built once per app), shared by every session. */
function listOf(bindings: readonly ToolBinding[]): Tool[] {
  let list = lists.get(bindings);
  if (!list) {
    list = bindings.map((b) => b.listed);
    lists.set(bindings, list);
  }
  return list;
}

/** Maps a tool call's result onto MCP: structured content plus its JSON text, or a tool error. */
export function toCallToolResult(result: ToolCallResult): CallToolResult {
  if (!result.ok) return { isError: true, content: [{ type: 'text', text: result.message }] };
  return { structuredContent: result.structured, content: [{ type: 'text', text: JSON.stringify(result.structured) }] };
}
