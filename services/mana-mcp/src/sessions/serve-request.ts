import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { ModuleDefinition } from '@mana/tools';
import type { Principal } from '../auth/authenticate';
import type { RateDecision } from '../policy/rate-limiter';
import { callTool, type ToolCallDeps } from '../tools/call-tool';
import { registerTools, type ToolBinding } from '../tools/register-tools';
import { answerInvalidParams } from './invalid-params';

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

/** Serves MCP POSTs; one per app. */
export interface RequestServer {
  /** `rate`: the rate-limit decision already taken for the one tool call the body carries (see `mcp-endpoint.ts`). */
  serve(principal: Principal, request: Request, parsedBody?: unknown, rate?: PrecheckedRate): Promise<Response>;
  /** MCP servers built so far (tests: they are reused, not built per request). */
  built(): number;
}

/** A rate-limit decision taken before the request is served, for the call of `tool`. */
export interface PrecheckedRate {
  tool: string;
  decision: RateDecision;
}

/** Idle servers kept for reuse; a burst above this builds more and drops them after. */
const MAX_IDLE_SERVERS = 64;

/**
 * Serves each MCP POST the way the MCP SDK documents stateless Streamable HTTP
 * (a transport per request, `sessionIdGenerator: undefined`, JSON responses),
 * acting for `principal`. The session (who, which space, which time zone) is
 * not in this process: the endpoint reads it from PostgreSQL, so any replica
 * serves any request of any session.
 *
 * An `McpServer` with every tool registered is not rebuilt per request (that
 * was ~15% of mana-mcp's CPU: the SDK's server builds an Ajv instance, and 29
 * tool registrations): idle servers are kept and each request borrows one for
 * its transport. Nothing of a request stays on the server: the principal
 * travels with the request as the transport's `authInfo`, and the server is
 * closed (transport detached, in-flight handlers aborted) before it is reused.
 */
export function createRequestServer(deps: ServeRequestDeps): RequestServer {
  const idle: McpServer[] = [];
  let built = 0;
  const build = () => {
    built++;
    const server = new McpServer({ name: 'mana-mcp', version: '0.1.0' }, { capabilities: { tools: {} }, instructions: deps.instructions });
    registerTools(server, deps.bindings, (tool, args, extra) =>
      callTool(deps.callDeps, { tool, args, principal: principalOf(extra.authInfo), rate: rateOf(extra.authInfo, tool.name) }),
    );
    answerInvalidParams(server.server);
    return server;
  };
  // One server built now: a server the SDK cannot build or guard fails the start, not the first request.
  idle.push(build());
  return {
    async serve(principal, request, parsedBody, rate) {
      const server = idle.pop() ?? build();
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: deps.maxBodyBytes });
      let response: Response;
      try {
        await server.connect(transport);
        response = await transport.handleRequest(request, { authInfo: authInfoOf(principal, rate), ...(parsedBody === undefined ? {} : { parsedBody }) });
      } catch (error) {
        await server.close();
        throw error;
      }
      // A JSON response is complete once handleRequest resolves, but the SDK forgets the request's abort
      // controller a few promise steps later: closed now, the server would abort it (an AbortError, its
      // listeners and a stack trace per request, ~2 % of mana-mcp's CPU). Closed after those steps, it
      // aborts nothing; it is reused only once closed.
      setImmediate(() => {
        server.close().then(
          () => {
            if (idle.length < MAX_IDLE_SERVERS) idle.push(server);
          },
          () => undefined, // a server that fails to close is not reused
        );
      });
      return response;
    },
    built: () => built,
  };
}

/** The principal (and a rate decision taken already) as the SDK carries them to a tool handler (`extra.authInfo`). */
function authInfoOf(principal: Principal, rate: PrecheckedRate | undefined): AuthInfo {
  return { token: '', clientId: principal.userId, scopes: [], extra: { principal, rate } };
}

/** The decision taken for this tool's call, if the endpoint took one. */
function rateOf(authInfo: AuthInfo | undefined, toolName: string): RateDecision | undefined {
  const rate = authInfo?.extra?.rate as PrecheckedRate | undefined;
  return rate?.tool === toolName ? rate.decision : undefined;
}

function principalOf(authInfo: AuthInfo | undefined): Principal {
  const principal = authInfo?.extra?.principal as Principal | undefined;
  // Every request is served with its principal; a call without one is a bug here, never a caller's doing.
  if (!principal) throw new Error('MCP request served without its principal');
  return principal;
}

/** The same response with the session's `Mcp-Session-Id` header (an initialize answer). */
export function withSessionId(response: Response, sessionId: string): Response {
  const headers = new Headers(response.headers);
  headers.set('mcp-session-id', sessionId);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
