import { z } from 'zod';
import type { ToolDefinition } from './tool';

type JsonSchema = Record<string, unknown>;

const inputCache = new WeakMap<ToolDefinition, JsonSchema>();
const outputCache = new WeakMap<ToolDefinition, JsonSchema>();

/**
 * JSON Schema of what a caller may send (`io: 'input'`: fields with defaults
 * are optional). Carries `format` (date, date-time, uuid), limits, enums and
 * each field's description and `examples`.
 */
export function inputJsonSchema(tool: ToolDefinition): JsonSchema {
  let schema = inputCache.get(tool);
  if (!schema) {
    schema = z.toJSONSchema(tool.input, { io: 'input' }) as JsonSchema;
    inputCache.set(tool, schema);
  }
  return schema;
}

/** JSON Schema of a tool's successful result (the MCP `structuredContent`). */
export function outputJsonSchema(tool: ToolDefinition): JsonSchema {
  let schema = outputCache.get(tool);
  if (!schema) {
    schema = z.toJSONSchema(tool.output, { io: 'output' }) as JsonSchema;
    outputCache.set(tool, schema);
  }
  return schema;
}
