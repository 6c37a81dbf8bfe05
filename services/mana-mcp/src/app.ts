import { randomInt } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, type Logger } from '@mana/core';
import type { Database } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';
import type { TokenVerifier } from './auth/jwt-verifier';
import type { McpConfig } from './config';
import { createFaultInjector } from './faults/fault-injector';
import { seededRandom, type Random } from '@mana/core';
import { jsonRpcErrorResponse } from './http/json-rpc-error';
import { handleMcpRequest, JsonParseError } from './http/mcp-endpoint';
import { createMcpMetrics, type McpMetrics } from './metrics/mcp-metrics';
import { createRateLimiter } from './policy/rate-limiter';
import { createSessionStore, type SessionStore } from './sessions/session-store';
import { serverInstructions } from './sessions/open-session';
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
  /** Dice for fault injection; defaults to a PRNG seeded from MCP_FAULTS_SEED or at random. */
  random?: Random;
  /** Run the idle sweeper on an interval (default true); tests may call `sessions.sweep()` themselves. */
  sweep?: boolean;
}

/** The built app and the handles its owner needs. */
export interface McpApp {
  app: Hono;
  sessions: SessionStore;
  metrics: McpMetrics;
  /** Stops the sweeper and closes every session. */
  close(): Promise<void>;
}

/**
 * Builds mana-mcp: `/mcp` (Streamable HTTP, stateful sessions bound to user and
 * space), `/health` and `/metrics`. Throws at start-up on a bad tool schema or
 * an `MCP_FAULTS` entry naming an unknown tool.
 */
export function createMcpApp(deps: McpDeps): McpApp {
  const nowMs = () => deps.now().getTime();
  const db = deps.database.db;
  const bindings = prepareToolBindings(deps.registry);
  const random = deps.random ?? seededRandom(deps.config.faultSeed ?? randomInt(2 ** 31));
  const faults = createFaultInjector(deps.config.faults, bindings.map((b) => b.tool.name), random);
  if (faults.active) deps.log.warn('fault injection is ON', { faults: deps.config.faults });
  const metrics = createMcpMetrics(() => store.size());
  const store = createSessionStore({ idleMs: deps.config.sessionIdleMs, nowMs, log: deps.log, onClosed: (reason) => metrics.sessionsClosed.inc({ reason }) });
  const rateLimiter = createRateLimiter({ limit: deps.config.rateLimitPerMinute });
  const callDeps: ToolCallDeps = { registry: deps.registry, db, log: deps.log, now: deps.now, rateLimiter, faults, metrics };
  const instructions = serverInstructions(deps.registry.modules(), bindings);
  const sessionDeps = { bindings, instructions, callDeps, sessions: store, nowMs, maxBodyBytes: deps.config.maxBodyBytes };

  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok', service: 'mana-mcp', sessions: store.size(), tools: bindings.length }));
  app.get('/metrics', (c) => c.body(metrics.registry.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));

  const limit = bodyLimit({ maxSize: deps.config.maxBodyBytes, onError: () => reject(new AppError('PAYLOAD_TOO_LARGE', `Request body over ${deps.config.maxBodyBytes} bytes`)) });
  const endpointDeps = { verifier: deps.verifier, db, log: deps.log, sessions: store, sessionDeps, nowMs, membershipRecheckMs: deps.config.membershipRecheckMs, maxSessionsPerUser: deps.config.maxSessionsPerUser };
  app.on(['GET', 'POST', 'DELETE'], '/mcp', limit, (c) => handleMcpRequest(endpointDeps, c.req.raw));

  const reject = (error: unknown, rpcCode?: number) => {
    const response = jsonRpcErrorResponse(error, { rpcCode });
    metrics.httpRejections.inc({ status: String(response.status) });
    return response;
  };
  app.onError((error) => {
    if (!(error instanceof AppError)) deps.log.error('mcp request failed', { error: String(error.stack ?? error) });
    return reject(error, error instanceof JsonParseError ? -32700 : undefined);
  });
  app.notFound(() => reject(new AppError('NOT_FOUND', 'Not found: the MCP endpoint is /mcp')));

  const timer = deps.sweep === false ? undefined : setInterval(() => {
    void store.sweep();
    rateLimiter.prune(nowMs());
  }, deps.config.sessionSweepMs);
  timer?.unref();

  return {
    app,
    sessions: store,
    metrics,
    async close() {
      if (timer) clearInterval(timer);
      await store.closeAll();
    },
  };
}
