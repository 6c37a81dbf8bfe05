import { Hono } from 'hono';
import { adminPersonaListQuery, adminPersonaTicksQuery, pathId, personaDefinition, type AdminPersonaUpsertResponse, type PersonaDefinition } from '@mana/contracts';
import { readJsonBody, readParam, readQuery } from '@mana/core';
import { deletePersona } from '../admin-delete';
import { personaDetail } from '../admin-detail';
import { listPersonas } from '../admin-list';
import { personaTicks } from '../admin-tick';
import type { PersonaDeps } from '../persona-deps';
import type { GuardedRoutes } from './route-options';

/** The admin persona routes' options: the guard, and the upsert, which creates the persona's account (mana-auth's Better Auth). */
export interface AdminPersonaRouteOptions extends GuardedRoutes {
  upsert(definition: PersonaDefinition): Promise<AdminPersonaUpsertResponse>;
}

/**
 * Admin persona API (`/api/v1/admin/personas`, admin role): `PUT /` creates or
 * updates a persona by e-mail (idempotent), `GET /` lists with 7-day figures,
 * `GET /:id` shows one, `GET /:id/ticks` pages its ticks (newest first),
 * `DELETE /:id` removes a persona and all its rows. (`GET /:id/ratings` is the
 * insights' read model, mounted beside these by mana-auth.)
 */
export function createAdminPersonaRoutes(deps: PersonaDeps, options: AdminPersonaRouteOptions): Hono {
  const app = new Hono();
  app.use('*', options.guard);
  app.put('/', async (c) => c.json(await options.upsert(await readJsonBody(c, personaDefinition))));
  app.get('/', async (c) => c.json(await listPersonas(deps, readQuery(c, adminPersonaListQuery))));
  app.get('/:id', async (c) => c.json(await personaDetail(deps, readParam(c, 'id', pathId))));
  app.get('/:id/ticks', async (c) => c.json(await personaTicks(deps, readParam(c, 'id', pathId), readQuery(c, adminPersonaTicksQuery))));
  app.delete('/:id', async (c) => c.json(await deletePersona(deps, readParam(c, 'id', pathId))));
  return app;
}
