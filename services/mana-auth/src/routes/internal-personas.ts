import { Hono } from 'hono';
import {
  actionsRequest,
  claimRequest,
  completeRequest,
  dueQuery,
  feedbackRequest,
  heartbeatRequest,
  MAX_ACTIONS_PER_BATCH,
  MAX_FEEDBACK_PER_BATCH,
} from '@mana/contracts';
import { AppError } from '@mana/core';
import type { AuthDeps } from '../deps';
import { errorResponse, readJsonBody } from '../http/errors';
import { requireServiceKey } from '../http/require-service-key';
import { claimDue } from '../personas/claim';
import { completeTick } from '../personas/complete';
import { listDue } from '../personas/due';
import { heartbeat } from '../personas/heartbeat';
import { reportActions, reportFeedback } from '../personas/report';

/**
 * Service-key-gated internal persona API (`/api/v1/internal/personas`) used by
 * the runner: parse with the shared contracts, call a verb, map errors.
 * Bodies over `maxBodyBytes` (2 MB) are refused by the app's body limit.
 */
export function createInternalPersonaRoutes(deps: AuthDeps): Hono {
  const app = new Hono();
  app.use('*', requireServiceKey(deps.config.serviceKey));

  app.get('/due', async (c) => {
    const query = dueQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, validation(query.error.issues));
    return c.json(await listDue(deps, query.data));
  });
  app.post('/claim', async (c) => c.json(await claimDue(deps, await readJsonBody(c, claimRequest))));
  app.post('/ticks/:tickId/heartbeat', async (c) => {
    const body = await readJsonBody(c, heartbeatRequest);
    return c.json(await heartbeat(deps, { tickId: c.req.param('tickId'), ...body }));
  });
  app.post('/ticks/:tickId/complete', async (c) => c.json(await completeTick(deps, c.req.param('tickId'), await readJsonBody(c, completeRequest))));
  app.post('/:id/actions', async (c) => {
    const body = await readJsonBody(c, actionsRequest);
    if (body.actions.length > MAX_ACTIONS_PER_BATCH) throw tooMany('actions', MAX_ACTIONS_PER_BATCH, body.actions.length);
    return c.json(await reportActions(deps, c.req.param('id'), body.actions));
  });
  app.post('/:id/feedback', async (c) => {
    const body = await readJsonBody(c, feedbackRequest);
    if (body.feedback.length > MAX_FEEDBACK_PER_BATCH) throw tooMany('feedback', MAX_FEEDBACK_PER_BATCH, body.feedback.length);
    return c.json(await reportFeedback(deps, c.req.param('id'), body.feedback));
  });
  return app;
}

function tooMany(field: string, max: number, got: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `${field}: at most ${max} rows per batch (got ${got})`);
}

function validation(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const list = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return new AppError('VALIDATION', `Invalid query: ${list.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues: list });
}
