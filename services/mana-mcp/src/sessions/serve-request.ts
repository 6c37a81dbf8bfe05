import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { ModuleDefinition } from '@mana/tools';
import type { Principal } from '../auth/authenticate';
import { callTool, type ToolCallDeps } from '../tools/call-tool';
import { registerTools, type ToolBinding } from '../tools/register-tools';

/**
 * The server's instructions, naming the modules this server exposes tools of (from the
 * registry, in its order), so a module added to the registry is announced without an edit here.
 */
export function serverInstructions(modules: readonly ModuleDefinition[], bindings: readonly ToolBinding[]): string {
  const exposed = new Set(bindings.map((b) => b.tool.module));
  const names = modules.filter((m) => exposed.has(m.id)).map((m) => m.title.toLowerCase());
  return (
    `Mana is a personal productivity app (${names.join(', ')}). ` +
    'Every tool works inside the one space this session was opened for. Tool errors explain what to change; read them and retry.'
  );
}

/** What serving a request needs; built once per app. */
export interface ServeRequestDeps {
  bindings: readonly ToolBinding[];
  /** `serverInstructions` of the registry, built once. */
  instructions: string;
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
  const server = new McpServer({ name: 'mana-mcp', version: '0.1.0' }, { capabilities: { tools: {} }, instructions: deps.instructions });
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
