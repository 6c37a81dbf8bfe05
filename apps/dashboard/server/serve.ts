import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, errorResponse } from '@mana/core';
import { DASHBOARD_DIST_DIR } from './build';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  json: 'application/json',
};

/**
 * Headers of every `/admin` answer: a CSP with no inline script or style and
 * nothing from another origin, no framing, no MIME sniffing, no referrer.
 */
export const dashboardSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  xContentTypeOptions: 'nosniff',
  referrerPolicy: 'no-referrer',
  crossOriginOpenerPolicy: 'same-origin',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});

/**
 * Serves the built dashboard: hashed files under `/admin/assets/` (cached for
 * a year), and `index.html` for `/admin` and every client route below it, so
 * a shared link or a reload opens the same page. `/admin/` redirects.
 */
export function createDashboardStatic(dir = DASHBOARD_DIST_DIR): Hono {
  const app = new Hono();
  const cache = new Map<string, Uint8Array>();
  app.use('/admin', dashboardSecurityHeaders);
  app.use('/admin/*', dashboardSecurityHeaders);

  app.get('/admin/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = TYPES[file.split('.').pop() ?? ''];
    if (!/^[\w.-]+$/.test(file) || file.startsWith('.') || !type) return errorResponse(c, new AppError('NOT_FOUND', `No asset ${file}`));
    let body = cache.get(file);
    if (!body) {
      const path = join(dir, 'assets', file);
      if (!existsSync(path)) return errorResponse(c, new AppError('NOT_FOUND', `No asset ${file}`));
      body = readFileSync(path);
      cache.set(file, body);
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' });
  });
  app.get('/admin/', (c) => c.redirect('/admin', 301));
  const page = (c: Context) => {
    const index = join(dir, 'index.html');
    if (!existsSync(index)) {
      return c.text('The dashboard is not built yet: run `npm run build:dashboard` (npm ci and npm start build it).', 503, { 'cache-control': 'no-store' });
    }
    return c.html(readFileSync(index, 'utf8'), 200, { 'cache-control': 'no-cache' });
  };
  app.get('/admin', page);
  app.get('/admin/*', page);
  return app;
}
