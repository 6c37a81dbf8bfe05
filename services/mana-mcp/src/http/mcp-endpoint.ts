import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { AppError, checkOrigin, jsonNestsDeeperThan, MAX_JSON_DEPTH, type Logger, type OriginPolicy } from '@mana/core';
import { assertSpaceIdShape, authenticate, notMember } from '../auth/authenticate';
import type { TokenVerifier } from '../auth/jwt-verifier';
import type { RateLimiter } from '../policy/rate-limiter';
import { withSessionId, type PrecheckedRate, type RequestServer } from '../sessions/serve-request';
import type { SessionLimits, SessionStore, StoredSession } from '../sessions/session-store';
import { rateKeyOf } from '../tools/call-tool';

/** What the `/mcp` endpoint needs; built once per app. */
export interface McpEndpointDeps {
  verifier: TokenVerifier;
  log: Logger;
  sessions: SessionStore;
  requests: RequestServer;
  /** Open sessions one user may hold, and all users together (over every replica). */
  limits: SessionLimits;
  origins: OriginPolicy;
  /** Counts a tool call in the statement that resumes its session (one statement per call instead of two). */
  rateLimiter: RateLimiter;
  /** The tools this server lists: only a call of one of them is counted before the SDK sees it. */
  toolNames: ReadonlySet<string>;
  nowMs: () => number;
}

/**
 * One `/mcp` request (GET, POST or DELETE). Order of checks: Origin and Host
 * (403, DNS rebinding, before anything else), bearer token (401),
 * `X-Mana-Space` present and `X-Mana-Time-Zone` valid when sent (400); with
 * `Mcp-Session-Id` the session must exist in PostgreSQL and not be idle-expired
 * (404), belong to this user and space (403), and its user must still be a
 * member of the space (403, and the session is ended) — read in one statement
 * that also marks the session used and, when the POST is one `tools/call` of a
 * listed tool, takes the call's rate-limit decision (the call counts from here,
 * before the SDK validates its arguments). Then DELETE ends it, and a POST is
 * served statelessly with the session's principal (its time zone is the one
 * bound at initialize). A GET with a session id is 405 once the token is
 * checked (no server-initiated stream: every answer comes as JSON on its POST). Without a session id only an `initialize` POST from a
 * member of the space opens a session, within the per-user cap, the cap of
 * users other than personas and the overall one (429 when a cap is reached and
 * none of its sessions is idle enough to be ended for it; all counted in
 * PostgreSQL, so over every replica).
 * Throws `AppError`; the app maps it to a JSON-RPC error body. `body` reads the
 * request's body as text (the app reads it from the socket, `bodyText`).
 */
export async function handleMcpRequest(deps: McpEndpointDeps, request: Request, body: () => Promise<string>): Promise<Response> {
  checkOrigin(deps.origins, { origin: request.headers.get('origin'), host: request.headers.get('host') });
  const principal = await authenticate(deps.verifier, {
    authorization: request.headers.get('authorization') ?? undefined,
    space: request.headers.get('x-mana-space') ?? undefined,
    timeZone: request.headers.get('x-mana-time-zone') ?? undefined,
  });
  const sessionId = request.headers.get('mcp-session-id');
  // No server-initiated stream, so a session's GET is 405 without reading the session (the SDK client asks once per session).
  if (sessionId && request.method === 'GET') return new Response(null, { status: 405, headers: { allow: 'POST, DELETE' } });
  if (sessionId) {
    // The usual DELETE (own live session, still a member) is one statement; any other takes the checks below for its answer.
    if (request.method === 'DELETE' && (await deps.sessions.endOwn(sessionId, principal))) return new Response(null, { status: 200 });
    const parsed = request.method === 'POST' ? parseJson(await body()) : undefined;
    const toolName = parsed?.ok ? toolCallOf(parsed.value, deps.toolNames) : undefined;
    const nowMs = deps.nowMs();
    const session: (StoredSession & { member: boolean; counted?: boolean }) | undefined = toolName
      ? await deps.sessions.resumeCounting(sessionId, principal, (guard) => deps.rateLimiter.counting(rateKeyOf(principal.userId, toolName), nowMs, guard))
      : await deps.sessions.resume(sessionId);
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
    // Not JSON: the transport answers it as before (406/415 before the parse error), from the text read here.
    if (!parsed?.ok)
      return deps.requests.serve({ ...principal, timeZone: session.timeZone }, new Request(request.url, { method: 'POST', headers: request.headers, body: parsed?.text ?? '' }));
    const rate: PrecheckedRate | undefined = toolName ? { tool: toolName, decision: deps.rateLimiter.decide(session.counted === true, nowMs) } : undefined;
    return deps.requests.serve({ ...principal, timeZone: session.timeZone }, request, parsed.value, rate);
  }

  if (request.method !== 'POST') throw new AppError('VALIDATION', 'Mcp-Session-Id header is required; initialize a session with POST first');
  const parsed = parseJson(await body());
  if (!parsed.ok) throw new JsonParseError();
  const messages = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (!messages.some((message) => isInitializeRequest(message))) {
    throw new AppError('VALIDATION', 'No MCP session: send an initialize request first (without Mcp-Session-Id)');
  }
  // The one query (membership, caps, insert) comes after the checks that need no I/O, so malformed requests cost nothing.
  assertSpaceIdShape(principal);
  const opened = await deps.sessions.open(principal, deps.limits);
  if ('refused' in opened) {
    if (opened.refused === 'not-member') throw notMember();
    throw new AppError('RATE_LIMITED', capMessage(opened.refused, deps.limits));
  }
  const { id } = opened;
  const response = await deps.requests.serve(principal, request, parsed.value).catch(async (error: unknown) => {
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

/** Why an initialize got 429: the cap reached, with none of its sessions idle long enough to be ended for this one. */
function capMessage(refused: 'user-cap' | 'ordinary-cap' | 'total-cap', limits: SessionLimits): string {
  const idle = `none idle for ${Math.round(limits.evictIdleMs / 1000)} s`;
  if (refused === 'user-cap') return `Too many open MCP sessions (${limits.perUser}, ${idle}); end one with DELETE /mcp or let it expire`;
  if (refused === 'ordinary-cap') return `mana-mcp holds the ${limits.ordinary} open sessions users other than personas may have together (${idle}); try again later`;
  return `mana-mcp holds its maximum of ${limits.total} open sessions (MCP_MAX_SESSIONS, ${idle}); try again later`;
}

/**
 * The body as JSON; `ok: false` with its text when it is not. A body nested
 * deeper than `MAX_JSON_DEPTH` is refused (400) before it is parsed.
 */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; text: string } {
  if (jsonNestsDeeperThan(text)) throw new AppError('VALIDATION', `Request body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, text };
  }
}

/** The tool named by a body that is exactly one `tools/call` request of a listed tool (not a batch). */
function toolCallOf(body: unknown, toolNames: ReadonlySet<string>): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const message = body as { method?: unknown; id?: unknown; params?: { name?: unknown } };
  if (message.method !== 'tools/call' || message.id === undefined) return undefined;
  const name = message.params?.name;
  return typeof name === 'string' && toolNames.has(name) ? name : undefined;
}

/** A body that is not JSON: answered 400 with JSON-RPC code -32700 (parse error). */
export class JsonParseError extends AppError {
  constructor() {
    super('VALIDATION', 'Parse error: the body is not valid JSON');
  }
}
