import { Hono } from 'hono';
import { adminNameParam, adminOverviewQuery, adminWindowQuery, pathId } from '@mana/contracts';
import { readParam, readQuery } from '@mana/core';
import { adminModuleDetailFor } from '../dashboard/module-detail';
import { adminOverviewFor } from '../dashboard/overview';
import { adminPersonaRatingsFor } from '../dashboard/persona-ratings';
import { adminSeriesFor } from '../dashboard/series';
import { createDashboardStatic } from '../dashboard/static';
import { adminToolDetailFor } from '../dashboard/tool-detail';
import { adminToolListFor } from '../dashboard/tool-list';
import type { AuthContext } from '../deps';
import { requireAdmin, type AdminVariables } from '../http/require-admin';

/**
 * The admin dashboard: `GET /admin` (and every page below it) serves the
 * bundle; its read API, all for admins and all over a `days` window:
 * `overview`, `series` (charts), `tools`, `tools/:name`, `modules/:module`,
 * `personas/:id/ratings`.
 * Mount at the root.
 */
export function createAdminDashboardRoutes(ctx: AuthContext): Hono<{ Variables: AdminVariables }> {
  const app = new Hono<{ Variables: AdminVariables }>();
  const admin = requireAdmin(ctx);
  app.route('/', createDashboardStatic());
  app.get('/api/v1/admin/overview', admin, async (c) => c.json(await adminOverviewFor(ctx, readQuery(c, adminOverviewQuery))));
  app.get('/api/v1/admin/series', admin, async (c) => c.json(await adminSeriesFor(ctx, readQuery(c, adminWindowQuery))));
  app.get('/api/v1/admin/tools', admin, async (c) => c.json(await adminToolListFor(ctx, readQuery(c, adminWindowQuery))));
  app.get('/api/v1/admin/tools/:name', admin, async (c) =>
    c.json(await adminToolDetailFor(ctx, { toolName: readParam(c, 'name', adminNameParam), ...readQuery(c, adminWindowQuery) })),
  );
  app.get('/api/v1/admin/modules/:module', admin, async (c) =>
    c.json(await adminModuleDetailFor(ctx, { module: readParam(c, 'module', adminNameParam), ...readQuery(c, adminWindowQuery) })),
  );
  app.get('/api/v1/admin/personas/:id/ratings', admin, async (c) =>
    c.json(await adminPersonaRatingsFor(ctx, { personaId: readParam(c, 'id', pathId), ...readQuery(c, adminWindowQuery) })),
  );
  return app;
}
