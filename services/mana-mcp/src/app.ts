import { randomInt } from 'node:crypto';
import { Hono } from 'hono';
import {
  AppError,
  bodyText,
  httpObservability,
  isLoopbackAddress,
  limitBody,
  metricsAccess,
  metricsResponse,
  noTracing,
  traceRequests,
  type Logger,
  type Tracing,
} from '@mana/core';
import type { Database } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import type { TokenVerifier } from './auth/jwt-verifier';
import type { McpConfig } from './config';
import { createFaultInjector } from './faults/fault-injector';
import { keyedDice, type FaultDice } from './faults/fault-dice';
import { jsonRpcErrorResponse } from './http/json-rpc-error';
import { handleMcpRequest, JsonParseError } from './http/mcp-endpoint';
import { createMcpMetrics, type McpMetrics } from './metrics/mcp-metrics';
import { createRateLimiter } from './policy/rate-limiter';
import { createSessionStore, type SessionStore } from './sessions/session-store';
import { createRequestServer, serverInstructions } from './sessions/serve-request';
import type { ToolCallDeps } from './tools/call-tool';
import { prepareToolBindings } from './tools/register-tools';

/** What mana-mcp is built from; tests pass their own. */
export interface McpDeps {
  config: McpConfig;
  database: Database;
  registry: ToolRegistry;
  log: Logger;
  /** The clock for tokens, idle expiry, rate limits and budgets; injectable for tests. */
  now: () => Date;
  verifier: TokenVerifier;
  /** Dice for fault injection; default keyed dice seeded from MCP_FAULTS_SEED or at random. */
  random?: FaultDice;
  /** Run the idle sweeper on an interval (default true); tests may call `sessions.sweep()` themselves. */
  sweep?: boolean;
  /** Server spans per request, a span per tool call, statement spans (default: off). */
  tracing?: Tracing;
}

/** The built app and the handles its owner needs. */
export interface McpApp {
  app: Hono;
  sessions: SessionStore;
  metrics: McpMetrics;
  /** Stops the sweeper. Sessions stay open in PostgreSQL for the other replicas (or this one restarted). */
  close(): Promise<void>;
}

/**
 * Builds mana-mcp: `/mcp` (Streamable HTTP; sessions bound to user and space are
 * kept in PostgreSQL, each request is served statelessly), `/health` and `/metrics`. Throws at start-up on a bad tool schema or
 * an `MCP_FAULTS` entry naming an unknown tool.
 */
export function createMcpApp(deps: McpDeps): McpApp {
  const nowMs = () => deps.now().getTime();
  const db = deps.database.db;
  const bindings = prepareToolBindings(deps.registry);
  const dice = deps.random ?? keyedDice(deps.config.faultSeed ?? randomInt(2 ** 31));
  const faults = createFaultInjector(
    deps.config.faults,
    bindings.map((b) => b.tool.name),
    dice,
    { from: deps.config.faultsFrom },
  );
  if (faults.active) deps.log.warn('fault injection is ON', { faults: deps.config.faults, from: deps.config.faultsFrom?.toISOString() });
  const metrics = createMcpMetrics(() => liveSessions());
  const store = createSessionStore({ db, idleMs: deps.config.sessionIdleMs, nowMs, log: deps.log, onClosed: (reason) => metrics.sessionsClosed.inc({ reason }) });
  const rateLimiter = createRateLimiter({ db, limit: deps.config.rateLimitPerMinute });
  const tracing = deps.tracing ?? noTracing;
  /** Live sessions of every replica, or undefined when the database is away (logged): `/health` stays an answer. */
  const liveSessions = () =>
    withinMs(store.count(), HEALTH_COUNT_WAIT_MS).catch((error: unknown) => {
      deps.log.warn('mcp session count failed', { error: String(error) });
      return undefined;
    });
  const callDeps: ToolCallDeps = { registry: deps.registry, db, log: deps.log, now: deps.now, rateLimiter, faults, metrics, tracing };
  const instructions = serverInstructions(deps.registry.modules(), bindings);
  const requests = createRequestServer({ bindings, instructions, callDeps, maxBodyBytes: deps.config.maxBodyBytes });

  const app = new Hono();
  app.use('*', traceRequests(tracing));
  app.use(httpObservability({ registry: metrics.registry, log: deps.log }));
  // The count is read now (every replica's sessions); null when the database does not answer within HEALTH_COUNT_WAIT_MS.
  app.get('/health', async (c) => c.json({ status: 'ok', service: 'mana-mcp', sessions: (await liveSessions()) ?? null, tools: bindings.length }));
  app.get('/metrics', metricsAccess({ token: deps.config.metricsToken, production: deps.config.env === 'production', log: deps.log }), () => metricsResponse(metrics.registry));

  const limit = limitBody(deps.config.maxBodyBytes, () => reject(new AppError('PAYLOAD_TOO_LARGE', `Request body over ${deps.config.maxBodyBytes} bytes`)));
  const endpointDeps = {
    verifier: deps.verifier,
    log: deps.log,
    sessions: store,
    requests,
    limits: deps.config.sessions,
    origins: {
      allowedOrigins: deps.config.allowedOrigins,
      allowedHosts: deps.config.allowedHosts,
      loopbackOnly: isLoopbackAddress(deps.config.host),
      settings: { origins: 'MCP_ALLOWED_ORIGINS', hosts: 'MCP_ALLOWED_HOSTS' },
    },
    rateLimiter,
    toolNames: new Set(bindings.map((b) => b.tool.name)),
    nowMs,
  };
  app.on(['GET', 'POST', 'DELETE'], '/mcp', limit, (c) => handleMcpRequest(endpointDeps, c.req.raw, () => bodyText(c)));

  const reject = (error: unknown, rpcCode?: number) => {
    const response = jsonRpcErrorResponse(error, { rpcCode });
    metrics.httpRejections.inc({ status: String(response.status) });
    return response;
  };
  app.onError((error) => {
    if (!(error instanceof AppError)) deps.log.error('mcp request failed', { error });
    return reject(error, error instanceof JsonParseError ? -32700 : undefined);
  });
  app.notFound(() => reject(new AppError('NOT_FOUND', 'Not found: the MCP endpoint is /mcp')));

  // Every replica sweeps; the deletes are idempotent. A failed sweep (database away) is retried next time.
  const sweep = () => Promise.all([store.sweep(), rateLimiter.prune(nowMs())]).catch((error: unknown) => deps.log.warn('mcp sweep failed', { error: String(error) }));
  const timer = deps.sweep === false ? undefined : setInterval(() => void sweep(), deps.config.sessionSweepMs);
  timer?.unref();

  return {
    app,
    sessions: store,
    metrics,
    async close() {
      if (timer) clearInterval(timer);
    },
  };
}

/** How long `/health` and a scrape wait for the session count before answering without it. */
const HEALTH_COUNT_WAIT_MS = 1000;

/** The promise's value, or undefined when it takes longer than `ms`. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
