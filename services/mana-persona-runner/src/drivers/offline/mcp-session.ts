import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { handlerMsOf } from '@mana/contracts';
import { keepAliveFetch } from '../../clients/keep-alive';
import { listAllTools } from '../../clients/list-all-tools';
import type { McpTarget } from '../driver';
import { sharedValidator } from './cached-validator';
import type { JsonSchema } from './schema-args';

/** One tool as the MCP server lists it. */
export interface ListedTool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  /** From the MCP `readOnlyHint` annotation. */
  readOnly: boolean;
}

/** What one call produced, as the persona experienced it. */
export interface CallOutcome {
  ok: boolean;
  /** Structured result, else the text content parsed as JSON when it is JSON. */
  data: unknown;
  text: string;
  errorMessage?: string;
  latencyMs: number;
  /** The server's own time for the call, when it reports one. */
  handlerMs?: number;
}

/** A connected MCP session for one persona's day. */
export interface McpSession {
  tools: ListedTool[];
  /** The `tools` of every `tools/list` page as the server sent them (the tick's surface). */
  listed: unknown[];
  call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallOutcome>;
  close(): Promise<void>;
}

/** A network-level failure (socket closed, reset) as undici reports it: safe to retry a connect. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'fetch failed';
}

/**
 * Connects with the official MCP client over Streamable HTTP and lists every
 * tool (all pages). Every request gives up after `timeoutMs` (the SDK's default,
 * 60 s, when not given). The connect is retried once on a network-level failure:
 * initialize and tools/list change nothing, and a keep-alive socket the server
 * has just closed otherwise fails the whole day.
 */
export async function openMcpSession(target: McpTarget, signal: AbortSignal, timeoutMs?: number): Promise<McpSession> {
  try {
    return await connectOnce(target, signal, timeoutMs);
  } catch (error) {
    if (signal.aborted || !isNetworkError(error)) throw error;
    return connectOnce(target, signal, timeoutMs);
  }
}

async function connectOnce(target: McpTarget, signal: AbortSignal, timeout: number | undefined): Promise<McpSession> {
  const client = new Client({ name: 'mana-persona-offline', version: '1.0.0' }, { jsonSchemaValidator: sharedValidator });
  const transport = new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers: target.headers }, fetch: keepAliveFetch });
  const tools: ListedTool[] = [];
  const listed: unknown[] = [];
  try {
    await client.connect(transport, { signal, timeout });
    for (const tool of await listAllTools(client, { signal, timeout })) {
      listed.push(tool);
      tools.push({
        name: tool.name,
        description: tool.description ?? '',
        inputSchema: tool.inputSchema as JsonSchema,
        readOnly: tool.annotations?.readOnlyHint === true,
      });
    }
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }

  return {
    tools,
    listed,
    async call(name, args, callSignal) {
      const started = performance.now();
      try {
        const result = await client.callTool({ name, arguments: args }, undefined, { signal: callSignal, timeout });
        const latencyMs = Math.round(performance.now() - started);
        const content = Array.isArray(result.content) ? result.content : [];
        const text = content
          .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
          .map((block) => block.text)
          .join('\n');
        const data = result.structuredContent ?? parseJson(text);
        const handlerMs = handlerMsOf(result);
        if (result.isError) return { ok: false, data, text, errorMessage: text || 'tool error without message', latencyMs, handlerMs };
        return { ok: true, data, text, latencyMs, handlerMs };
      } catch (error) {
        if (callSignal.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, data: undefined, text: message, errorMessage: message, latencyMs: Math.round(performance.now() - started) };
      }
    },
    async close() {
      // End the server-side session (HTTP DELETE) rather than leaving it to the idle sweeper.
      await transport.terminateSession().catch(() => undefined);
      await client.close();
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
