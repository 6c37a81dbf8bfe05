import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, httpObservability, isLoopbackAddress, metricsAccess, metricsResponse, originGuard, secretMatches, toErrorResponse } from '@mana/core';
import type { RunnerDeps } from './deps';
import type { Scheduler } from './loop/scheduler';

/** What the HTTP app reads; `scheduler` is absent when the loop is off (no service key). */
export interface RunnerAppDeps extends RunnerDeps {
  scheduler?: Scheduler;
}

const loginQuery = z.object({ email: z.string().email() });

/**
 * The runner's HTTP surface: `/health`, `/metrics`, and in development `/diag/login`
 * and `/diag/pass` (404 when NODE_ENV=production; foreign Origins and Hosts 403, a POST
 * without `Content-Type: application/json` 400). Building the app is apart from serving it.
 */
export function createRunnerApp(deps: RunnerAppDeps): Hono {
  const app = new Hono();
  const { config } = deps;
  app.use(httpObservability({ registry: deps.metrics.registry, log: deps.log }));

  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) deps.log.error('request failed', { path: c.req.path, error });
    return c.json(body, status as 500);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/health', (c) => {
    const state = deps.scheduler?.state();
    const budget = deps.budget.state();
    const status = !deps.scheduler ? 'loop_disabled' : config.paused ? 'paused' : budget.exhausted ? 'budget_exhausted' : state?.stopping ? 'stopping' : 'ok';
    return c.json({
      status,
      paused: config.paused,
      loopEnabled: Boolean(deps.scheduler),
      intervalMs: config.passIntervalMs,
      concurrency: config.concurrency,
      inFlight: state?.inFlight ?? 0,
      lastPass: state?.lastPass ?? null,
      budget,
      driver: { kind: deps.driver.name, model: deps.driver.model },
      mcp: config.mcpTargets ? { kind: 'foreign', url: config.mcpTargets.url } : { kind: 'mana', url: config.mcpUrl },
    });
  });

  app.get('/metrics', metricsAccess({ token: config.metricsToken, production: config.env === 'production', log: deps.log }), () => {
    const budget = deps.budget.state();
    deps.metrics.budgetExhausted.set(budget.exhausted ? 1 : 0);
    deps.metrics.budgetSpentUsd.set(budget.spentUsd);
    deps.metrics.paused.set(config.paused ? 1 : 0);
    return metricsResponse(deps.metrics.registry);
  });

  if (config.env === 'production') return app;

  // A page open in a developer's browser must not start passes (they may spend a real LLM key): mana-mcp's
  // Origin/Host guard (loopback origins only; loopback Host names when listening on loopback), and a POST must be
  // JSON, which a page cannot send across origins without a preflight this app never answers.
  app.use('/diag/*', originGuard({ allowedOrigins: [], allowedHosts: [], loopbackOnly: isLoopbackAddress(config.host) }, { jsonPosts: true }));

  // Logs a persona in: gated by the service key even in development (it would otherwise tell anyone
  // on the network whether an e-mail exists, and spend that e-mail's login throttle), and every
  // failure to log in answers the same 404.
  app.get('/diag/login', async (c) => {
    if (!config.serviceKey || !secretMatches(config.serviceKey, c.req.header('x-service-key'))) {
      throw new AppError('UNAUTHORIZED', 'X-Service-Key (MANA_SERVICE_KEY) is required for /diag/login');
    }
    const parsed = loginQuery.safeParse({ email: c.req.query('email') });
    if (!parsed.success) throw new AppError('VALIDATION', 'query parameter email must be an e-mail address');
    const session = await deps.sessions.get(parsed.data.email).catch((error: unknown) => {
      deps.log.debug('diag login failed', { error: String(error) });
      throw new AppError('NOT_FOUND', 'No persona can log in with this e-mail');
    });
    return c.json({ userId: session.userId, spaceId: session.spaceId });
  });

  app.post('/diag/pass', async (c) => {
    if (!deps.scheduler) throw new AppError('CONFLICT', 'the loop is off: MANA_SERVICE_KEY is not set');
    return c.json(await deps.scheduler.runNow());
  });

  return app;
}
