import { Hono } from 'hono';
import type { AuthContext } from '../deps';
import { requireAdmin, type AdminVariables } from '../http/require-admin';
import { tickDetail } from '../personas/admin-tick';

/**
 * Admin tick API (`/api/v1/admin/ticks`, admin role): `GET /:id` is one tick
 * with its actions, ratings (linked to the calls that ground them) and the
 * day's record (`adminTickDetail`).
 */
export function createAdminTickRoutes(ctx: AuthContext): Hono<{ Variables: AdminVariables }> {
  const app = new Hono<{ Variables: AdminVariables }>();
  app.use('*', requireAdmin(ctx));
  app.get('/:id', async (c) => c.json(await tickDetail(ctx, c.req.param('id'))));
  return app;
}
