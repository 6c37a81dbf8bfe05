/**
 * Bytes of what every MCP session downloads (`tools/list` as mana-mcp answers it) and
 * of what an LLM driver sends the model on every turn (each tool's name, description
 * and input schema), with and without zod's regexes beside a `format`
 * (`withoutFormatPatterns`). The "with" list is the SDK's own conversion of the same tools.
 *
 *   npx tsx bench/tools-list-size.ts
 */
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import { manaRegistry } from '@mana/tools';
import { prepareToolBindings } from '@mana/mcp/testing';

const bindings = prepareToolBindings(manaRegistry);
const sdk = (schema: Parameters<typeof toJsonSchemaCompat>[0], label: 'input' | 'output') => toJsonSchemaCompat(schema, { strictUnions: true, pipeStrategy: label });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

const listed = { tools: bindings.map((b) => b.listed) };
const listedWithPatterns = { tools: bindings.map((b) => ({ ...b.listed, inputSchema: sdk(b.tool.input, 'input'), outputSchema: sdk(b.tool.output, 'output') })) };
const model = bindings.map((b) => ({ name: b.listed.name, description: b.listed.description, input_schema: b.listed.inputSchema }));
const modelWithPatterns = bindings.map((b) => ({ name: b.listed.name, description: b.listed.description, input_schema: sdk(b.tool.input, 'input') }));

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
console.log(`${bindings.length} tools`);
console.log(`tools/list per session:        ${kb(bytes(listedWithPatterns))} -> ${kb(bytes(listed))}`);
console.log(`model tool definitions / turn: ${kb(bytes(modelWithPatterns))} -> ${kb(bytes(model))}`);
