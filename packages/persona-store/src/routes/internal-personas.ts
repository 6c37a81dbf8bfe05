import { Hono } from 'hono';
import { actionsRequest, claimRequest, completeRequest, dueQuery, feedbackRequest, heartbeatRequest, pathId } from '@mana/contracts';
import { readJsonBody, readParam, readQuery } from '@mana/core';
import { claimDue } from '../claim';
import { completeTick } from '../complete';
import { listDue } from '../due';
import { heartbeat } from '../heartbeat';
import type { PersonaDeps } from '../persona-deps';
import { reportActions, reportFeedback } from '../report-actions';
import { dailySpend } from '../spend';
import type { GuardedRoutes } from './route-options';

/**
 * Service-key-gated internal persona API (`/api/v1/internal/personas`) used by
 * the runner: parse with the shared contracts, call a verb, map errors.
 * Bodies over `maxBodyBytes` (2 MB) are refused by the app's body limit.
 */
export function createInternalPersonaRoutes(deps: PersonaDeps, options: GuardedRoutes): Hono {
  const app = new Hono();
  app.use('*', options.guard);

  app.get('/due', async (c) => c.json(await listDue(deps, readQuery(c, dueQuery))));
  app.post('/claim', async (c) => c.json(await claimDue(deps, await readJsonBody(c, claimRequest))));
  app.get('/spend', async (c) => c.json(await dailySpend(deps)));
  app.post('/ticks/:tickId/heartbeat', async (c) => {
    const body = await readJsonBody(c, heartbeatRequest);
    return c.json(await heartbeat(deps, { tickId: readParam(c, 'tickId', pathId), ...body }));
  });
  app.post('/ticks/:tickId/complete', async (c) => c.json(await completeTick(deps, readParam(c, 'tickId', pathId), await readJsonBody(c, completeRequest))));
  app.post('/:id/actions', async (c) => c.json(await reportActions(deps, readParam(c, 'id', pathId), (await readJsonBody(c, actionsRequest)).actions)));
  app.post('/:id/feedback', async (c) => c.json(await reportFeedback(deps, readParam(c, 'id', pathId), (await readJsonBody(c, feedbackRequest)).feedback)));
  return app;
}
