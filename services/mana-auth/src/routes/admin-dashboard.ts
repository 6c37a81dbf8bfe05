import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { adminOverviewQuery } from '@mana/contracts';
import { AppError } from '@mana/core';
import { adminOverviewFor } from '../dashboard/overview';
import type { AuthContext } from '../deps';
import { errorResponse } from '../http/errors';
import { requireAdmin, type AdminVariables } from '../http/require-admin';

const page = readFileSync(new URL('../dashboard/page.html', import.meta.url), 'utf8');

/**
 * The admin dashboard: `GET /admin` serves the page (it signs in through
 * `/api/v1/auth/login` and keeps the JWT in session storage), `GET
 * /api/v1/admin/overview` feeds it. Mount at the root.
 */
export function createAdminDashboardRoutes(ctx: AuthContext): Hono<{ Variables: AdminVariables }> {
  const app = new Hono<{ Variables: AdminVariables }>();
  app.get('/admin', (c) => c.html(page));
  app.get('/api/v1/admin/overview', requireAdmin(ctx), async (c) => {
    const query = adminOverviewQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, new AppError('VALIDATION', `Invalid query: ${query.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`));
    return c.json(await adminOverviewFor(ctx, query.data));
  });
  return app;
}
