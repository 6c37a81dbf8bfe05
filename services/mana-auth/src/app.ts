import { Hono } from 'hono';
import { AppError, errorResponse, httpObservability, isAppError, limitBody, metricsAccess, metricsResponse, noTracing, traceRequests } from '@mana/core';
import { createDashboardStatic } from '@mana/dashboard/serve';
import { createAdminReadModelRoutes, createAdminReportRoutes } from '@mana/insights';
import { createAdminPersonaRoutes, createAdminTickRoutes, createInternalPersonaRoutes } from '@mana/persona-store';
import { createAdminReplayRoutes } from '@mana/replay/runs';
import { upsertPersona } from './admin/upsert-persona';
import { AUTH_BASE_PATH, createAuth, jwtOptions } from './auth';
import type { AuthContext, AuthDeps } from './deps';
import { betterAuthRequest } from './http/better-auth-request';
import { reshapeAuthError } from './http/reshape-auth-error';
import { limitSignUps } from './http/limit-sign-ups';
import { requireAdmin } from './http/require-admin';
import { requireServiceKey } from './http/require-service-key';
import { createLoginRoutes } from './routes/login';
import { authMetricsMiddleware, createAuthMetrics } from './metrics/auth-metrics';
import { createRefreshRoutes } from './routes/refresh';
import { createLoginThrottle } from './session/login-throttle';
import { createPasswordGate } from './session/password-gate';
import { createPersonaPasswords } from './session/persona-password-hash';
import { createSigningKeyCache } from './session/signing-key';

/** Credentials and sign-up bodies are tiny; anything bigger is refused before parsing. */
export const AUTH_MAX_BODY_BYTES = 64 * 1024;

/** Adds the Better Auth instance to the deps (route factories receive this context). */
export function createAuthContext(deps: AuthDeps): AuthContext {
  // One gate per process: every scrypt hash (login, sign-up, admin) waits its turn; persona passwords need none.
  const passwords = createPasswordGate(deps.config.passwordGate);
  const personaPasswords = createPersonaPasswords();
  // One throttle per process in front of every password check (our login and Better Auth's endpoints).
  const loginThrottle = deps.loginThrottle ?? createLoginThrottle(deps.now);
  const auth = createAuth(deps, passwords, personaPasswords, loginThrottle);
  return {
    ...deps,
    auth,
    loginThrottle,
    passwords,
    personaPasswords,
    tokens: createSigningKeyCache(auth, jwtOptions(deps.config)),
    metrics: createAuthMetrics(deps.database, deps.now),
  };
}

/**
 * Builds mana-auth's HTTP app (no listening here; see server.ts). Pass an
 * `AuthContext` to share its Better Auth instance (tests do), or plain deps.
 * Every failure answers `{error: {code, message}}`.
 */
export function createApp(deps: AuthDeps | AuthContext): Hono {
  const ctx = 'auth' in deps ? deps : createAuthContext(deps);
  const app = new Hono();

  app.use('*', traceRequests(ctx.tracing ?? noTracing));
  app.use(httpObservability({ registry: ctx.metrics.registry, log: ctx.log }));
  app.use(authMetricsMiddleware(ctx.metrics));
  app.get('/metrics', metricsAccess({ token: ctx.config.metricsToken, production: ctx.config.env === 'production', log: ctx.log }), () => metricsResponse(ctx.metrics.registry));
  app.use('*', limitBodyTo(ctx.config.maxBodyBytes));
  app.use(`${AUTH_BASE_PATH}/*`, limitBodyTo(AUTH_MAX_BODY_BYTES));
  app.use('/api/v1/auth/*', limitBodyTo(AUTH_MAX_BODY_BYTES));

  app.get('/health', async (c) => {
    await ctx.database.query('select 1');
    return c.json({ status: 'ok', service: 'mana-auth', database: ctx.database.kind });
  });
  app.route('/api/v1/auth', createLoginRoutes(ctx));
  app.route('/api/v1/auth', createRefreshRoutes(ctx));
  const admin = requireAdmin(ctx);
  app.route('/api/v1/internal/personas', createInternalPersonaRoutes(ctx, { guard: requireServiceKey(ctx.config.serviceKey) }));
  app.route('/api/v1/admin/personas', createAdminPersonaRoutes(ctx, { guard: admin, upsert: (definition) => upsertPersona(ctx, definition) }));
  app.route('/api/v1/admin/ticks', createAdminTickRoutes(ctx, { guard: admin }));
  app.route('/api/v1/admin/replays', createAdminReplayRoutes(ctx, { guard: admin }));
  app.route('/', createDashboardStatic());
  app.route('/', createAdminReadModelRoutes(ctx, { guard: admin }));
  app.post(`${AUTH_BASE_PATH}/sign-up/*`, limitSignUps(ctx));
  app.route('/', createAdminReportRoutes(ctx, { guard: admin }));
  app.on(['GET', 'POST'], `${AUTH_BASE_PATH}/*`, async (c) => reshapeAuthError(await ctx.auth.handler(betterAuthRequest(c, ctx.config.clientIpHeader))));

  app.notFound((c) => errorResponse(c, new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    if (!isAppError(error)) ctx.log.error('unhandled error', { path: c.req.path, error });
    return errorResponse(c, error);
  });
  return app;
}

function limitBodyTo(maxSize: number) {
  return limitBody(maxSize, (c) => {
    // The unread rest of the body makes the connection unusable: tell the client not to reuse it
    // (with keep-alive the server drops the socket and a pooled client's next request fails).
    c.header('connection', 'close');
    return errorResponse(c, new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxSize} bytes`));
  });
}
