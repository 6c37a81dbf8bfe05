import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

type ListedTools = Awaited<ReturnType<Client['listTools']>>['tools'];

/** Every page of a connected client's `tools/list`, each tool as the server sent it. */
export async function listAllTools(client: Client, options: { signal?: AbortSignal; timeout?: number }): Promise<ListedTools> {
  const tools: ListedTools = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined, options);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}
