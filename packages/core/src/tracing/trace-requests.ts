import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Tracing } from './tracing';

/** Probes and scrapes are not worth a trace. */
const UNTRACED = new Set(['/health', '/metrics']);

/**
 * Hono middleware: each request becomes a server span named by its route template
 * (`POST /api/v1/internal/personas/claim`, never the raw path), continuing the
 * caller's trace from `traceparent`. Nothing when tracing is off.
 */
export function traceRequests(tracing: Tracing): MiddlewareHandler {
  if (!tracing.enabled) return (_c, next) => next();
  return (c, next) => {
    if (UNTRACED.has(c.req.path)) return next();
    const method = c.req.method;
    return tracing.continueFrom(c.req.raw.headers, () =>
      tracing.span(method, { kind: 'server', attributes: { 'http.request.method': method, 'url.path': c.req.path } }, async (span) => {
        await next();
        const route = routePath(c);
        const status = c.res.status;
        span.rename(`${method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.fail(`HTTP ${status}`);
      }),
    );
  };
}
