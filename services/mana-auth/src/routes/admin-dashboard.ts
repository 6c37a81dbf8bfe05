import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { adminOverviewQuery } from '@mana/contracts';
import { adminOverviewFor } from '../dashboard/overview';
import type { AuthContext } from '../deps';
import { readQuery } from '../http/errors';
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
  app.get('/api/v1/admin/overview', requireAdmin(ctx), async (c) => c.json(await adminOverviewFor(ctx, readQuery(c, adminOverviewQuery))));
  return app;
}
