import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { AppError, type Logger } from '@mana/core';
import type { Db } from '@mana/db';
import { assertMember, authenticate } from '../auth/authenticate';
import type { TokenVerifier } from '../auth/jwt-verifier';
import { openSession, type OpenSessionDeps } from '../sessions/open-session';
import type { SessionStore } from '../sessions/session-store';

/** What the `/mcp` endpoint needs; built once per app. */
export interface McpEndpointDeps {
  verifier: TokenVerifier;
  db: Db;
  log: Logger;
  sessions: SessionStore;
  sessionDeps: OpenSessionDeps;
  nowMs: () => number;
  membershipRecheckMs: number;
  maxSessionsPerUser: number;
}

/**
 * One `/mcp` request (GET, POST or DELETE). Order of checks: bearer token (401),
 * `X-Mana-Space` present and `X-Mana-Time-Zone` valid when sent (400); with `Mcp-Session-Id` the session must exist
 * (404) and belong to this user and space (403), membership is re-read when the
 * last check is older than `membershipRecheckMs` (403 closes the session), then
 * the SDK transport handles the message. Without a session id only an
 * `initialize` POST from a member of the space opens a session, bound to the
 * time zone sent with it (later requests cannot change it).
 * Throws `AppError`; the app maps it to a JSON-RPC error body.
 */
export async function handleMcpRequest(deps: McpEndpointDeps, request: Request): Promise<Response> {
  const principal = await authenticate(deps.verifier, { authorization: request.headers.get('authorization') ?? undefined, space: request.headers.get('x-mana-space') ?? undefined, timeZone: request.headers.get('x-mana-time-zone') ?? undefined });
  const sessionId = request.headers.get('mcp-session-id');
  if (sessionId) {
    const session = deps.sessions.get(sessionId);
    if (!session) throw new AppError('NOT_FOUND', 'Unknown or expired MCP session; initialize a new one');
    if (session.userId !== principal.userId || session.spaceId !== principal.spaceId) {
      deps.log.warn('mcp session used by another principal', { sessionId, owner: session.userId, caller: principal.userId, spaceId: principal.spaceId });
      throw new AppError('FORBIDDEN', 'This MCP session belongs to another user or space');
    }
    if (deps.nowMs() - session.memberCheckedMs >= deps.membershipRecheckMs) {
      await assertMember(deps.db, principal).catch(async (error: unknown) => {
        await deps.sessions.close(session.id, 'revoked');
        throw error;
      });
      session.memberCheckedMs = deps.nowMs();
    }
    deps.sessions.touch(session);
    return session.handle(request);
  }

  if (request.method !== 'POST') throw new AppError('VALIDATION', 'Mcp-Session-Id header is required; initialize a session with POST first');
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw new JsonParseError();
  }
  const messages = Array.isArray(body) ? body : [body];
  if (!messages.some((message) => isInitializeRequest(message))) {
    throw new AppError('VALIDATION', 'No MCP session: send an initialize request first (without Mcp-Session-Id)');
  }
  if (deps.sessions.countFor(principal.userId) >= deps.maxSessionsPerUser) {
    throw new AppError('RATE_LIMITED', `Too many open MCP sessions (${deps.maxSessionsPerUser}); end one with DELETE /mcp or let it expire`);
  }
  // The membership query comes after the checks that need no I/O, so malformed requests cost nothing.
  await assertMember(deps.db, principal);
  return openSession(deps.sessionDeps, principal, request, body);
}

/** A body that is not JSON: answered 400 with JSON-RPC code -32700 (parse error). */
export class JsonParseError extends AppError {
  constructor() {
    super('VALIDATION', 'Parse error: the body is not valid JSON');
  }
}
