import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Principal } from '../auth/authenticate';
import { callTool, type ToolCallDeps } from '../tools/call-tool';
import { registerTools, type ToolBinding } from '../tools/register-tools';

const INSTRUCTIONS =
  'Mana is a personal productivity app (todos, notes, habits, journal, mood, calendar, contacts). ' +
  'Every tool works inside the one space this session was opened for. Tool errors explain what to change; read them and retry.';

/** What serving a request needs; built once per app. */
export interface ServeRequestDeps {
  bindings: readonly ToolBinding[];
  callDeps: ToolCallDeps;
  maxBodyBytes: number;
}

/**
 * One MCP POST, served the way the MCP SDK documents stateless Streamable HTTP:
 * a fresh server and transport (`sessionIdGenerator: undefined`, JSON
 * responses) for this request only, acting for `principal`. The session (who,
 * which space, which time zone) is not in this process: the endpoint reads it
 * from PostgreSQL, so any replica can serve any request of any session.
 */
export async function serveMcpRequest(deps: ServeRequestDeps, principal: Principal, request: Request, parsedBody?: unknown): Promise<Response> {
  const server = new McpServer({ name: 'mana-mcp', version: '0.1.0' }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: deps.maxBodyBytes });
  registerTools(server, deps.bindings, (tool, args) => callTool(deps.callDeps, { tool, args, principal }));
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, parsedBody === undefined ? undefined : { parsedBody });
  } finally {
    // A JSON response is complete once handleRequest resolves; nothing of this request outlives it.
    await server.close();
  }
}

/** The same response with the session's `Mcp-Session-Id` header (an initialize answer). */
export function withSessionId(response: Response, sessionId: string): Response {
  const headers = new Headers(response.headers);
  headers.set('mcp-session-id', sessionId);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
