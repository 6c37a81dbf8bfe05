import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { manaRegistry } from '@mana/tools';
import { createMcpHarness, manaHeaders, type McpHarness, type TestUser } from './testing/harness';
import { dataFingerprint } from './testing/fingerprint';
import { createdId, toolCallTable, type CreatedIds } from './testing/tool-calls';

let h: McpHarness;
let ada: TestUser;
let bob: TestUser;
let adaClient: Client;
let bobClient: Client;
let listed: Tool[];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const text = (result: CallToolResult) => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

beforeAll(async () => {
  h = await createMcpHarness();
  [ada, bob] = [await h.user('ada'), await h.user('bob')];
  adaClient = (await h.connect(ada.token, ada.spaceId)).client;
  bobClient = (await h.connect(bob.token, bob.spaceId)).client;
  listed = (await adaClient.listTools()).tools;
});
afterAll(async () => {
  await adaClient?.close();
  await bobClient?.close();
  await h?.close();
});

const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;

/** Ada's data made by the whole call table, in its order: the ids it created and each tool's result (or why it had none). */
interface PlayedTable {
  ids: CreatedIds;
  results: Map<string, CallToolResult | Error>;
}

let played: Promise<PlayedTable> | undefined;
/**
 * Plays the call table once for ada, for whichever describe asks first: each test reads what it needs from here, so
 * none depends on another test having run before it (a filtered run, a reordered file or a failed neighbour).
 */
function adaTable(): Promise<PlayedTable> {
  played ??= (async () => {
    const table: PlayedTable = { ids: {}, results: new Map() };
    for (const row of toolCallTable) {
      try {
        const result = await call(adaClient, row.tool, row.args(table.ids, day));
        table.results.set(row.tool, result);
        if (row.saves && !result.isError) table.ids[row.saves] = createdId(result.structuredContent ?? {});
      } catch (error) {
        table.results.set(row.tool, error as Error);
      }
    }
    return table;
  })();
  return played;
}

describe('tools/list', () => {
  it('lists exactly the exposed registry tools, never a destructive one', () => {
    expect(listed.map((tool) => tool.name).sort()).toEqual(
      manaRegistry
        .exposedTools()
        .map((tool) => tool.name)
        .sort(),
    );
    const destructive = manaRegistry.tools().filter((tool) => tool.policy === 'destructive');
    expect(destructive.length).toBeGreaterThan(0);
    for (const tool of destructive) expect(listed.map((t) => t.name)).not.toContain(tool.name);
  });

  it('the server instructions name every module with an exposed tool, from the registry', () => {
    const instructions = adaClient.getInstructions() ?? '';
    const exposed = new Set(manaRegistry.exposedTools().map((tool) => tool.module));
    for (const module of manaRegistry.modules()) {
      if (exposed.has(module.id)) expect(instructions).toContain(module.title.toLowerCase());
    }
    expect(exposed.size).toBeGreaterThan(5);
  });

  it('carries title, input and output schemas and policy annotations', () => {
    for (const tool of listed) {
      const definition = manaRegistry.tool(tool.name)!;
      expect(tool.title).toBe(definition.title);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations).toMatchObject({ title: definition.title, readOnlyHint: definition.policy === 'read', destructiveHint: false });
    }
  });

  it('the call table covers every exposed tool exactly', () => {
    expect(toolCallTable.map((row) => row.tool).sort()).toEqual(
      manaRegistry
        .exposedTools()
        .map((tool) => tool.name)
        .sort(),
    );
  });
});

describe('tools/call with valid arguments, every exposed tool', () => {
  let table: PlayedTable;
  beforeAll(async () => {
    table = await adaTable();
  });

  for (const row of toolCallTable) {
    it(row.tool, () => {
      const result = table.results.get(row.tool);
      if (result instanceof Error) throw result;
      expect(result, 'called').toBeDefined();
      if (!result) return;
      expect(result.isError, text(result)).toBeFalsy();
      const parsed = manaRegistry.tool(row.tool)!.output.safeParse(result.structuredContent);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(JSON.parse(text(result))).toEqual(result.structuredContent);
      if (row.saves) expect(table.ids[row.saves]).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('wrote into the caller space only', async () => {
    expect(await dataFingerprint(h.auth.database, ada.spaceId)).not.toBe(await dataFingerprint(h.auth.database, 'nobody'));
    expect(await dataFingerprint(h.auth.database, bob.spaceId)).toBe(await dataFingerprint(h.auth.database, 'nobody'));
  });
});

describe('cross-space isolation over MCP', () => {
  let ids: CreatedIds;
  beforeAll(async () => {
    ids = (await adaTable()).ids;
  });

  for (const row of toolCallTable) {
    it(`${row.tool}: another space's user can neither see nor change ${row.tool.split('_')[0]} data`, async () => {
      const adaBefore = await dataFingerprint(h.auth.database, ada.spaceId);
      const args = row.args(ids, day);
      const result = await call(bobClient, row.tool, args);
      const usesAdaId = Object.values(args).some((value) => Object.values(ids).includes(value as string));
      if (usesAdaId) {
        expect(result.isError).toBe(true);
        expect(text(result)).toMatch(/not found|no .* with/i);
      } else {
        expect(result.isError, text(result)).toBeFalsy();
        for (const adaId of Object.values(ids)) expect(text(result)).not.toContain(adaId);
        expect(text(result)).not.toContain(ada.spaceId);
      }
      expect(await dataFingerprint(h.auth.database, ada.spaceId)).toBe(adaBefore);
    });
  }
});

describe('bad input: clear tool errors, no 5xx, nothing written', () => {
  type Prop = { type?: string; anyOf?: Prop[] };
  const schemaOf = (name: string) => listed.find((tool) => tool.name === name)!.inputSchema as { properties?: Record<string, Prop>; required?: string[] };
  const isString = (prop: Prop): boolean => prop.type === 'string' || (prop.anyOf ?? []).some(isString);
  let ids: CreatedIds;
  beforeAll(async () => {
    ids = (await adaTable()).ids;
  });
  /** Runs the refused calls of one test and checks they wrote nothing, in any space (each test on its own). */
  const writesNothing = async (refusedCalls: () => Promise<void>) => {
    const before = await dataFingerprint(h.auth.database);
    await refusedCalls();
    expect(await dataFingerprint(h.auth.database)).toBe(before);
  };

  for (const row of toolCallTable) {
    it(`${row.tool}: missing fields, wrong types, strings over 10,000 characters`, async () => {
      const valid = row.args(ids, day);
      const { properties = {}, required = [] } = schemaOf(row.tool);
      const attempts: Array<Record<string, unknown>> = [];
      if (required.length > 0) attempts.push({});
      for (const [key, prop] of Object.entries(properties)) {
        attempts.push({ ...valid, [key]: isString(prop) ? 12345 : { unexpected: 'object' } });
        if (isString(prop)) attempts.push({ ...valid, [key]: 'x'.repeat(10_001) });
      }
      await writesNothing(async () => {
        for (const args of attempts) {
          const result = await call(adaClient, row.tool, args);
          expect(result.isError, JSON.stringify(args).slice(0, 200)).toBe(true);
          expect(text(result)).toMatch(/invalid|expected|too (big|long)|at most|characters|required/i);
        }
      });
    });
  }

  it('unknown and destructive tools are refused as unknown', async () => {
    await writesNothing(async () => {
      for (const name of ['todo_explode', 'todo_delete', '../etc/passwd']) {
        const result = await call(adaClient, name, { todoId: ids.todoId });
        expect(result.isError).toBe(true);
        expect(text(result)).toMatch(/not found/);
      }
    });
  });

  it('non-object arguments are invalid params (-32602) with a short message, not an internal error with a schema dump (issue 24 §4)', async () => {
    const { transport } = await h.connect(ada.token, ada.spaceId);
    const headers = { ...manaHeaders(ada.token, ada.spaceId), 'mcp-session-id': transport.sessionId! };
    await writesNothing(async () => {
      for (const [id, args] of [5, 'x', [1], null, true].entries()) {
        const res = await h.post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'todo_create', arguments: args } }, headers);
        const body = (await res.json()) as { id: number; error?: { code: number; message: string } };
        expect(res.status, JSON.stringify(args)).toBe(200);
        expect(body.id).toBe(id);
        expect(body.error?.code, JSON.stringify(body)).toBe(-32602);
        expect(body.error?.message).toMatch(/arguments must be an object/);
        expect(body.error!.message.length).toBeLessThan(200);
      }
      // The same for the other fields the SDK reads before the tool: a short message naming the field.
      for (const params of [{ name: 5 }, { arguments: {} }]) {
        const body = (await (await h.post({ jsonrpc: '2.0', id: 9, method: 'tools/call', params }, headers)).json()) as { error?: { code: number; message: string } };
        expect(body.error?.code, JSON.stringify(body)).toBe(-32602);
        expect(body.error!.message.length, body.error!.message).toBeLessThan(200);
      }
    });
    await transport.terminateSession();
  });
});
