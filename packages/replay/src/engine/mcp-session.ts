import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { handlerMsOf } from '@mana/contracts';
import { keepAliveFetch, listAllTools, sharedValidator } from '@mana/persona-runner';
import type { SurfaceTool } from './surface';

/** What one replayed call gave back. */
export interface ReplayedCall {
  ok: boolean;
  /** The structured result, else the text parsed as JSON when it is JSON. */
  value?: unknown;
  /** The result's JSON text (ok) or the error text (error). */
  text: string;
  handlerMs?: number;
  /** The client refused the result: it does not fit the tool's output schema in tools/list. */
  schemaViolation?: boolean;
}

/** One persona's MCP session for one replayed tick. */
export interface ReplaySession {
  tools: SurfaceTool[];
  call(name: string, args: Record<string, unknown>): Promise<ReplayedCall>;
  close(): Promise<void>;
}

/**
 * Opens a session on the target's MCP endpoint with the official SDK client
 * (initialize, then every page of tools/list, as a persona's driver does), so
 * every replayed call goes through the server's transport, auth and policy
 * gate. The client checks each structured result against the tool's output
 * schema from tools/list; a result it refuses is reported, not thrown.
 */
export async function openReplaySession(url: string, headers: Record<string, string>, timeoutMs: number): Promise<ReplaySession> {
  // The runner's process-wide validator cache: compiling every output schema again per session was half a tick's CPU.
  const client = new Client({ name: 'mana-replay', version: '1.0.0' }, { jsonSchemaValidator: sharedValidator });
  // The runner's keep-alive client: fetch's WHATWG layer cost ~0.5 ms of CPU per request, and a tick makes ~10.
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: keepAliveFetch });
  const tools: SurfaceTool[] = [];
  try {
    await client.connect(transport, { timeout: timeoutMs });
    for (const tool of await listAllTools(client, { timeout: timeoutMs })) tools.push({ name: tool.name, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return {
    tools,
    async call(name, args) {
      try {
        const result = await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs });
        const content = Array.isArray(result.content) ? result.content : [];
        const text = content
          .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
          .map((block) => block.text)
          .join('\n');
        const handlerMs = handlerMsOf(result);
        if (result.isError) return { ok: false, text: text || 'tool error without message', handlerMs };
        const value = result.structuredContent ?? parseJson(text);
        return { ok: true, value, text: value === undefined ? text : JSON.stringify(value), handlerMs };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, text: message, schemaViolation: /output schema|structured content/i.test(message) };
      }
    },
    async close() {
      await transport.terminateSession().catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
