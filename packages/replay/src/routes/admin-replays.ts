import { Hono, type MiddlewareHandler } from 'hono';
import { adminReplayListQuery, pathId } from '@mana/contracts';
import { readParam, readQuery } from '@mana/core';
import type { Database } from '@mana/db';
import { listReplayRuns, replayRunDetail } from '../store/replay-runs';

/** How the replay routes are guarded: mana-auth passes `requireAdmin`. */
export interface ReplayRoutesOptions {
  guard: MiddlewareHandler;
}

/**
 * The stored replay runs (admin role), mounted at `/api/v1/admin/replays`:
 * `GET /?limit=50&offset=0` lists them newest first (`adminReplayList`),
 * `GET /:id` is one run with its differences (`adminReplayDetail`).
 */
export function createAdminReplayRoutes(deps: { database: Database }, options: ReplayRoutesOptions): Hono {
  const app = new Hono();
  app.use('*', options.guard);
  app.get('/', async (c) => c.json(await listReplayRuns(deps.database, readQuery(c, adminReplayListQuery))));
  app.get('/:id', async (c) => c.json(await replayRunDetail(deps.database, readParam(c, 'id', pathId))));
  return app;
}
