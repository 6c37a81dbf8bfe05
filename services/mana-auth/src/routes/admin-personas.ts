import { Hono } from 'hono';
import { adminPersonaListQuery, adminPersonaTicksQuery, adminWindowQuery, pathId, personaDefinition } from '@mana/contracts';
import { readJsonBody, readParam, readQuery } from '@mana/core';
import { adminPersonaRatingsFor } from '../dashboard/persona-ratings';
import type { AuthContext } from '../deps';
import { requireAdmin, type AdminVariables } from '../http/require-admin';
import { deletePersona } from '../personas/admin-delete';
import { personaDetail } from '../personas/admin-detail';
import { personaTicks } from '../personas/admin-tick';
import { listPersonas } from '../personas/admin-list';
import { upsertPersona } from '../personas/admin-upsert';

/**
 * Admin persona API (`/api/v1/admin/personas`, admin role): `PUT /` creates or
 * updates a persona by e-mail (idempotent), `GET /` lists with 7-day figures,
 * `GET /:id` shows one, `GET /:id/ticks` pages its ticks (newest first),
 * `GET /:id/ratings?days` its ratings per module and day,
 * `DELETE /:id` removes a persona and all its rows.
 */
export function createAdminPersonaRoutes(ctx: AuthContext): Hono<{ Variables: AdminVariables }> {
  const app = new Hono<{ Variables: AdminVariables }>();
  app.use('*', requireAdmin(ctx));

  app.put('/', async (c) => c.json(await upsertPersona(ctx, await readJsonBody(c, personaDefinition))));
  app.get('/', async (c) => c.json(await listPersonas(ctx, readQuery(c, adminPersonaListQuery))));
  app.get('/:id', async (c) => c.json(await personaDetail(ctx, readParam(c, 'id', pathId))));
  app.get('/:id/ticks', async (c) => c.json(await personaTicks(ctx, readParam(c, 'id', pathId), readQuery(c, adminPersonaTicksQuery))));
  app.get('/:id/ratings', async (c) => c.json(await adminPersonaRatingsFor(ctx, { personaId: readParam(c, 'id', pathId), ...readQuery(c, adminWindowQuery) })));
  app.delete('/:id', async (c) => c.json(await deletePersona(ctx, readParam(c, 'id', pathId))));
  return app;
}
