import { z } from 'zod';
import type { ToolDefinition } from './tool';

type JsonSchema = Record<string, unknown>;

const inputCache = new WeakMap<ToolDefinition, JsonSchema>();

/**
 * JSON Schema of what a caller may send (`io: 'input'`: fields with defaults
 * are optional). Carries `format` (date, date-time, uuid), limits, enums and
 * each field's description and `examples`; see `withoutFormatPatterns`.
 */
export function inputJsonSchema(tool: ToolDefinition): JsonSchema {
  let schema = inputCache.get(tool);
  if (!schema) {
    schema = withoutFormatPatterns(z.toJSONSchema(tool.input, { io: 'input' }) as JsonSchema);
    inputCache.set(tool, schema);
  }
  return schema;
}

/**
 * The `pattern` zod writes beside each string `format` it knows (date, date-time,
 * uuid, email), per format: derived from zod itself, so a zod upgrade that
 * changes a regex changes this table too.
 */
const FORMAT_PATTERNS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const byFormat = new Map<string, Set<string>>();
  const samples = [z.iso.date(), z.iso.datetime(), z.iso.datetime({ offset: true }), z.iso.datetime({ local: true }), z.uuid(), z.guid(), z.email()];
  for (const sample of samples) {
    const json = z.toJSONSchema(sample) as { format?: string; pattern?: string };
    if (json.format && json.pattern) byFormat.set(json.format, (byFormat.get(json.format) ?? new Set()).add(json.pattern));
  }
  return byFormat;
})();

/**
 * A JSON Schema without the regexes that only restate a `format`. zod writes its
 * own regex beside every `format: date | date-time | uuid | email` (up to 317
 * characters each); in Mana's tool list they were 34 of 88 KB, sent to every
 * session and, by the model drivers, to the model on every turn. The `format`
 * still says what the string is (JSON Schema validators check it, e.g. ajv with
 * ajv-formats as the MCP SDK's client does), and the server validates every
 * argument with the tool's zod schema whatever the list says. A pattern a tool
 * author wrote (any regex that is not zod's own for that format) stays.
 * Returns a new object; the input is not changed.
 */
export function withoutFormatPatterns<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutFormatPatterns) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = schema as JsonSchema;
  const implied = typeof node.format === 'string' && typeof node.pattern === 'string' && FORMAT_PATTERNS.get(node.format)?.has(node.pattern) === true;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && implied) continue;
    // `examples`, `default`, `const` and `enum` are values, not schemas: a value named "pattern" stays.
    out[key] = key === 'examples' || key === 'default' || key === 'const' || key === 'enum' ? value : withoutFormatPatterns(value);
  }
  return out as T;
}
