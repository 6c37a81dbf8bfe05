import { Hono } from 'hono';
import { pathId } from '@mana/contracts';
import { readParam } from '@mana/core';
import { tickDetail } from '../admin-tick';
import type { PersonaDeps } from '../persona-deps';
import type { GuardedRoutes } from './route-options';

/**
 * Admin tick API (`/api/v1/admin/ticks`, admin role): `GET /:id` is one tick
 * with its actions, ratings (linked to the calls that ground them) and the
 * day's record (`adminTickDetail`).
 */
export function createAdminTickRoutes(deps: PersonaDeps, options: GuardedRoutes): Hono {
  const app = new Hono();
  app.use('*', options.guard);
  app.get('/:id', async (c) => c.json(await tickDetail(deps, readParam(c, 'id', pathId))));
  return app;
}
