import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Histogram, type Registry } from 'prom-client';
import { routineLevel, type Logger } from './logger';
import { nodeResponseOf } from './node-bindings';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestContext } from './request-context';

export interface HttpObservabilityOptions {
  registry: Registry;
  log: Logger;
  /** Paths answered without an access log line (scrapes and probes), default `/metrics` and `/health`. */
  quietPaths?: readonly string[];
}

/**
 * Hono middleware for every service: a request id (`X-Request-Id`, taken from
 * the caller when sane, else generated, echoed on the response) in the async
 * context of the request so every log line carries it; one access log line
 * (method, route, status, duration, request id; `info` in JSON lines, `debug`
 * on a terminal: `routineLevel`); and the HTTP metrics
 * `http_requests_total` and `http_request_duration_seconds` labelled by route
 * template (Hono's `routePath`), never the raw path.
 */
export function httpObservability(options: HttpObservabilityOptions): MiddlewareHandler {
  const { requests, duration } = httpMetrics(options.registry);
  const quiet = new Set(options.quietPaths ?? ['/metrics', '/health']);
  const level = routineLevel(options.log);
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    const started = performance.now();
    // On Node the header goes on the socket's response (Node merges it into the handler's headers): set on the
    // Response after the handler, Hono copies that Response and its body, which @hono/node-server then writes
    // as a web stream instead of the string it holds (~3 % of mana-mcp's CPU per persona-tick in a profile).
    const outgoing = nodeResponseOf(c);
    outgoing?.setHeader('X-Request-Id', requestId);
    await withRequestContext({ requestId }, async () => {
      await next();
      if (!outgoing) c.header('X-Request-Id', requestId);
      const seconds = (performance.now() - started) / 1000;
      const route = routeTemplate(c);
      const labels = { method: c.req.method, route, status: String(c.res.status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
      if (!quiet.has(route)) options.log[level]('request', { method: c.req.method, route, status: c.res.status, durationMs: Math.round(seconds * 1e4) / 10, requestId });
    });
  };
}

const LABEL_NAMES = ['method', 'route', 'status'] as const;
type HttpLabel = (typeof LABEL_NAMES)[number];

/** The HTTP metrics of a registry (`createServiceRegistry` registers them; an app built twice over one registry shares them). */
export function httpMetrics(registry: Registry): { requests: Counter<HttpLabel>; duration: Histogram<HttpLabel> } {
  const requests =
    (registry.getSingleMetric('http_requests_total') as Counter<HttpLabel> | undefined) ??
    new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status.', labelNames: LABEL_NAMES, registers: [registry] });
  const duration =
    (registry.getSingleMetric('http_request_duration_seconds') as Histogram<HttpLabel> | undefined) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration until the response is ready, by method, route template and status.',
      labelNames: LABEL_NAMES,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  return { requests, duration };
}

/**
 * The template of the route that answered (Hono's route index after `next()`, as
 * `matchedRoutes` documents it); `unmatched` when only a catch-all middleware
 * answered (404s, refusals before routing). Never the raw path.
 */
export function routeTemplate(c: Context): string {
  const path = routePath(c);
  return !path || path === '*' || path === '/*' ? 'unmatched' : path;
}
