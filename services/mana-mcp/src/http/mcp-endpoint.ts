import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { AppError, type Logger } from '@mana/core';
import { assertSpaceIdShape, authenticate, notMember } from '../auth/authenticate';
import type { TokenVerifier } from '../auth/jwt-verifier';
import { withSessionId, type RequestServer } from '../sessions/serve-request';
import type { SessionLimits, SessionStore } from '../sessions/session-store';
import { checkOrigin, type OriginPolicy } from './origin-guard';

/** What the `/mcp` endpoint needs; built once per app. */
export interface McpEndpointDeps {
  verifier: TokenVerifier;
  log: Logger;
  sessions: SessionStore;
  requests: RequestServer;
  /** Open sessions one user may hold, and all users together (over every replica). */
  limits: SessionLimits;
  origins: OriginPolicy;
}

/**
 * One `/mcp` request (GET, POST or DELETE). Order of checks: Origin and Host
 * (403, DNS rebinding, before anything else), bearer token (401),
 * `X-Mana-Space` present and `X-Mana-Time-Zone` valid when sent (400); with
 * `Mcp-Session-Id` the session must exist in PostgreSQL and not be idle-expired
 * (404), belong to this user and space (403), and its user must still be a
 * member of the space (403, and the session is ended) — read in one statement
 * that also marks the session used. Then DELETE ends it, GET is 405 (no
 * server-initiated stream: every answer comes as JSON on its POST), and a POST
 * is served statelessly with the session's principal (its time zone is the one
 * bound at initialize). Without a session id only an `initialize` POST from a
 * member of the space opens a session, within the per-user and the overall
 * cap (429; both counted in PostgreSQL, so over every replica).
 * Throws `AppError`; the app maps it to a JSON-RPC error body.
 */
export async function handleMcpRequest(deps: McpEndpointDeps, request: Request): Promise<Response> {
  checkOrigin(deps.origins, { origin: request.headers.get('origin'), host: request.headers.get('host') });
  const principal = await authenticate(deps.verifier, { authorization: request.headers.get('authorization') ?? undefined, space: request.headers.get('x-mana-space') ?? undefined, timeZone: request.headers.get('x-mana-time-zone') ?? undefined });
  const sessionId = request.headers.get('mcp-session-id');
  if (sessionId) {
    // The usual DELETE (own live session, still a member) is one statement; any other takes the checks below for its answer.
    if (request.method === 'DELETE' && (await deps.sessions.endOwn(sessionId, principal))) return new Response(null, { status: 200 });
    const session = await deps.sessions.resume(sessionId);
    if (!session) throw new AppError('NOT_FOUND', 'Unknown or expired MCP session; initialize a new one');
    if (session.userId !== principal.userId || session.spaceId !== principal.spaceId) {
      deps.log.warn('mcp session used by another principal', { sessionId, owner: session.userId, caller: principal.userId, spaceId: principal.spaceId });
      throw new AppError('FORBIDDEN', 'This MCP session belongs to another user or space');
    }
    if (!session.member) {
      await deps.sessions.close(session.id, 'revoked');
      throw notMember();
    }
    if (request.method === 'DELETE') {
      await deps.sessions.close(session.id, 'deleted');
      return new Response(null, { status: 200 });
    }
    if (request.method === 'GET') return new Response(null, { status: 405, headers: { allow: 'POST, DELETE' } });
    return deps.requests.serve({ ...principal, timeZone: session.timeZone }, request);
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
  // The one query (membership, caps, insert) comes after the checks that need no I/O, so malformed requests cost nothing.
  assertSpaceIdShape(principal);
  const opened = await deps.sessions.open(principal, deps.limits);
  if ('refused' in opened) {
    if (opened.refused === 'not-member') throw notMember();
    throw new AppError(
      'RATE_LIMITED',
      opened.refused === 'user-cap'
        ? `Too many open MCP sessions (${deps.limits.perUser}); end one with DELETE /mcp or let it expire`
        : `mana-mcp holds its maximum of ${deps.limits.total} open sessions (MCP_MAX_SESSIONS); try again later`,
    );
  }
  const { id } = opened;
  const response = await deps.requests.serve(principal, request, body).catch(async (error: unknown) => {
    await deps.sessions.close(id, 'deleted');
    throw error;
  });
  if (!response.ok) {
    // A refused initialize leaves no session behind.
    await deps.sessions.close(id, 'deleted');
    return response;
  }
  return withSessionId(response, id);
}

/** A body that is not JSON: answered 400 with JSON-RPC code -32700 (parse error). */
export class JsonParseError extends AppError {
  constructor() {
    super('VALIDATION', 'Parse error: the body is not valid JSON');
  }
}
