import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** A request handler as the SDK's protocol keeps it: the wrapper `setRequestHandler` builds around ours. */
type StoredHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/** What is kept of a refused parse in the answer. */
const MAX_MESSAGE_CHARS = 160;

/**
 * Makes `server` answer a request whose params the SDK's schema refuses as
 * JSON-RPC invalid params (-32602) with a short message naming the field, e.g.
 * `tools/call` with `arguments: 5`. Call it once every handler is registered.
 *
 * Why: the SDK (v1) parses a request in the wrapper that `setRequestHandler`
 * puts around each handler and lets the ZodError escape; its protocol answers
 * an error without a numeric code as -32603 (internal error) with the error's
 * message, which for zod is a JSON dump of every issue. The wrapper parses
 * before it calls the handler, so a refused parse is thrown synchronously and
 * carries zod's `issues`; a handler's own failure is a rejected promise and is
 * left as it is. The wrappers sit in a field the SDK marks private: a server
 * without it throws here, when the first server is built at start-up.
 */
export function answerInvalidParams(server: Server): void {
  const handlers = (server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(handlers instanceof Map)) throw new Error('MCP SDK: Server._requestHandlers is not a Map; invalid params would be answered as internal errors');
  for (const [method, handler] of handlers as Map<string, StoredHandler>) {
    handlers.set(method, (request: unknown, extra: unknown) => {
      try {
        return handler(request, extra);
      } catch (error) {
        throw isParseFailure(error) ? new McpError(ErrorCode.InvalidParams, invalidParamsMessage(error.issues)) : error;
      }
    });
  }
}

interface Issue {
  path?: readonly PropertyKey[];
  message?: string;
}

function isParseFailure(error: unknown): error is { issues: Issue[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { issues?: unknown }).issues);
}

/** The first issue in one line: the field and what was wrong with it (`params.name: expected string, received number`). */
function invalidParamsMessage(issues: readonly Issue[]): string {
  const [issue] = issues;
  const path = (issue?.path ?? []).map(String).join('.');
  if (path === 'params.arguments') return "Invalid params: arguments must be an object of the tool's named arguments";
  const what = (issue?.message ?? 'invalid').replace(/^Invalid input:\s*/, '');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `Invalid params: ${path || 'params'}: ${what}${more}`.slice(0, MAX_MESSAGE_CHARS);
}
