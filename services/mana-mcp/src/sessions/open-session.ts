import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { ModuleDefinition } from '@mana/tools';
import type { Principal } from '../auth/authenticate';
import { callTool, type ToolCallDeps } from '../tools/call-tool';
import { registerTools, type ToolBinding } from '../tools/register-tools';
import type { SessionStore } from './session-store';

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

/** What opening a session needs; built once per app. */
export interface OpenSessionDeps {
  bindings: readonly ToolBinding[];
  /** `serverInstructions` of the registry, built once. */
  instructions: string;
  callDeps: ToolCallDeps;
  sessions: SessionStore;
  nowMs: () => number;
  maxBodyBytes: number;
}

/**
 * Handles an `initialize` request without a session id: a fresh MCP server and
 * Streamable HTTP transport for this principal. The session is stored (bound to
 * user and space) only once the SDK has accepted the initialize and issued an
 * `Mcp-Session-Id`; a refused initialize leaves nothing behind.
 */
export async function openSession(deps: OpenSessionDeps, principal: Principal, request: Request, parsedBody: unknown): Promise<Response> {
  const server = new McpServer({ name: 'mana-mcp', version: '0.1.0' }, { capabilities: { tools: {} }, instructions: deps.instructions });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    maxRequestBodySize: deps.maxBodyBytes,
    onsessioninitialized: (id) => {
      deps.sessions.add({
        id,
        userId: principal.userId,
        spaceId: principal.spaceId,
        lastSeenMs: deps.nowMs(),
        memberCheckedMs: deps.nowMs(),
        handle: (req) => transport.handleRequest(req),
        close: async () => {
          await transport.close();
          await server.close();
        },
      });
    },
    onsessionclosed: (id) => deps.sessions.forget(id, 'deleted'),
  });
  transport.onclose = () => {
    if (transport.sessionId) deps.sessions.forget(transport.sessionId, 'transport');
  };
  registerTools(server, deps.bindings, (tool, args) => callTool(deps.callDeps, { tool, args, principal }));
  await server.connect(transport);
  const response = await transport.handleRequest(request, { parsedBody });
  if (!transport.sessionId) await server.close();
  return response;
}
