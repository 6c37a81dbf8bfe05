import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { keepAliveFetch } from '../clients/keep-alive';
import { listAllTools } from '../clients/list-all-tools';
import type { McpTarget } from '../drivers/driver';

/**
 * The `tools` of a target's `tools/list` (every page, each tool as the server
 * sent it), in a short MCP session of its own with the persona's headers:
 * initialize, list, end the session (HTTP DELETE). For drivers whose MCP
 * session the runner cannot see (the Claude Agent SDK's child).
 */
export async function listTargetTools(target: McpTarget, signal: AbortSignal, timeout: number): Promise<unknown[]> {
  const client = new Client({ name: 'mana-persona-runner', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers: target.headers }, fetch: keepAliveFetch });
  try {
    await client.connect(transport, { signal, timeout });
    return await listAllTools(client, { signal, timeout });
  } finally {
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}
