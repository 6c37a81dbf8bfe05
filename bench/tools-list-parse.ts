/**
 * What the runner spends on one session's `tools/list` answer (mana-mcp's 54 KB, as the MCP SDK
 * client reads it), CPU per answer, side by side: `JSON.parse` of the text every time (before),
 * `parseJsonAnswer` remembering the last long answer (after: the same bytes every session), and the
 * SDK client's two zod passes over the value (`JSONRPCMessageSchema`, then `ListToolsResultSchema`),
 * which both keep.
 *
 *   npx tsx bench/tools-list-parse.ts          # 2,000 answers per round, 5 rounds, medians
 */
import { JSONRPCMessageSchema, ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { manaRegistry } from '@mana/tools';
import { prepareToolBindings } from '@mana/mcp/testing';
import { parseJsonAnswer } from '@mana/persona-runner/testing';
import { median } from './lib/stats';

const ANSWERS = 2_000;
const ROUNDS = 5;
const text = JSON.stringify({ result: { tools: prepareToolBindings(manaRegistry).map((b) => b.listed) }, jsonrpc: '2.0', id: 1 });
// Each answer arrives as a new string (undici decodes the body), so the cache compares contents, not references.
const arriving = () => `${text} `.slice(0, -1);

const ways: Record<string, () => unknown> = {
  'JSON.parse every answer (before)': () => JSON.parse(arriving()),
  'parseJsonAnswer (after)': () => parseJsonAnswer(arriving()),
  "SDK client's zod passes (both)": () => ListToolsResultSchema.parse((JSONRPCMessageSchema.parse(parseJsonAnswer(arriving())) as { result: unknown }).result),
};
const samples = new Map<string, number[]>(Object.keys(ways).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(ways)) {
    const started = process.cpuUsage();
    for (let i = 0; i < ANSWERS; i++) run();
    const used = process.cpuUsage(started);
    samples.get(name)!.push((used.user + used.system) / ANSWERS);
  }
}
console.log(
  `tools/list parse — ${new Date().toISOString()}, node ${process.version}, ${(text.length / 1000).toFixed(1)} KB, ${ANSWERS} answers × ${ROUNDS} rounds, CPU µs per answer (median)`,
);
for (const [name, values] of samples) console.log(`${name.padEnd(36)} ${median(values).toFixed(1).padStart(7)} µs`);
