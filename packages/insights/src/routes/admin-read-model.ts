import { Hono } from 'hono';
import { adminNameParam, adminWindowQuery, pathId } from '@mana/contracts';
import { readParam, readQuery } from '@mana/core';
import { adminModuleDetailFor } from '../read-model/module-detail';
import { adminOverviewFor } from '../read-model/overview';
import { adminPersonaRatingsFor } from '../read-model/persona-ratings';
import { adminSeriesFor } from '../read-model/series';
import { adminToolDetailFor } from '../read-model/tool-detail';
import { adminToolListFor } from '../read-model/tool-list';
import type { GuardedRoutes, InsightsDeps } from './route-options';

/**
 * The dashboard's read API (the dashboard app itself is served from
 * apps/dashboard), all for admins and all over a `days` window:
 * `overview`, `series` (charts), `tools`, `tools/:name`, `modules/:module`,
 * `personas/:id/ratings`. The figures that can change carry what the regression
 * report for the same window flags (`flagged`): the dashboard marks only those.
 * Mount at the root.
 */
export function createAdminReadModelRoutes(ctx: InsightsDeps, options: GuardedRoutes): Hono {
  const app = new Hono();
  const admin = options.guard;
  app.get('/api/v1/admin/overview', admin, async (c) => c.json(await adminOverviewFor(ctx, readQuery(c, adminWindowQuery))));
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
