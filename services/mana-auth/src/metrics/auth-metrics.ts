import type { MiddlewareHandler } from 'hono';
import { Counter, createServiceRegistry, Gauge, Histogram, routeTemplate, type Registry } from '@mana/core';
import type { Database } from '@mana/db';
import { createReportMetrics, type ReportMetrics } from '@mana/insights';

/** The metrics mana-auth exposes on `/metrics` (prom-client, one registry per app). */
export interface AuthMetrics {
  registry: Registry;
  logins: Counter<'outcome'>;
  internalRequests: Counter<'verb' | 'status'>;
  internalSeconds: Histogram<'verb'>;
  /** The scheduled report's runs and webhook deliveries. */
  report: ReportMetrics;
}

/** Verbs of the internal persona API by route template (the label of its metrics). */
const INTERNAL_VERBS: Record<string, string> = {
  'GET /api/v1/internal/personas/due': 'due',
  'POST /api/v1/internal/personas/claim': 'claim',
  'POST /api/v1/internal/personas/:id/actions': 'actions',
  'POST /api/v1/internal/personas/:id/feedback': 'feedback',
  'POST /api/v1/internal/personas/ticks/:tickId/heartbeat': 'heartbeat',
  'POST /api/v1/internal/personas/ticks/:tickId/complete': 'complete',
};

/** Login outcome by answer status. */
const LOGIN_OUTCOMES: Record<number, string> = { 200: 'ok', 400: 'invalid_request', 401: 'invalid_credentials', 403: 'forbidden', 429: 'throttled', 503: 'unavailable' };

/** Registers mana-auth's metrics; the due backlog is counted at scrape time. */
export function createAuthMetrics(database: Database, now: () => Date): AuthMetrics {
  const registry = createServiceRegistry();
  const registers = [registry];
  new Gauge({
    name: 'mana_auth_due_personas',
    help: 'Personas whose next_due_at has come (the due backlog; an upper bound, the due scan re-checks each).',
    registers,
    async collect() {
      const [row] = await database.query<{ n: number }>('select count(*)::int as n from personas where next_due_at <= $1', [now().toISOString()]);
      this.set(Number(row?.n ?? 0));
    },
  });
  return {
    registry,
    logins: new Counter({ name: 'mana_auth_logins_total', help: 'Logins through POST /api/v1/auth/login, by outcome.', labelNames: ['outcome'], registers }),
    internalRequests: new Counter({
      name: 'mana_auth_internal_requests_total',
      help: 'Internal persona API calls, by verb and status.',
      labelNames: ['verb', 'status'],
      registers,
    }),
    internalSeconds: new Histogram({
      name: 'mana_auth_internal_request_duration_seconds',
      help: 'Internal persona API latency (claim, complete, ...), by verb.',
      labelNames: ['verb'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    report: createReportMetrics(registry),
  };
}

/** Counts login outcomes and internal API verbs with their latency (after the route answered). */
export function authMetricsMiddleware(metrics: AuthMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const key = `${c.req.method} ${routeTemplate(c)}`;
    if (key === 'POST /api/v1/auth/login') metrics.logins.inc({ outcome: LOGIN_OUTCOMES[c.res.status] ?? 'error' });
    const verb = INTERNAL_VERBS[key];
    if (verb) {
      metrics.internalRequests.inc({ verb, status: String(c.res.status) });
      metrics.internalSeconds.observe({ verb }, (performance.now() - started) / 1000);
    }
  };
}
