import { Hono } from 'hono';
import { z } from 'zod';
import { findingsQuery, reportQuery } from '@mana/contracts';
import { readQuery } from '@mana/core';
import { listFindings } from '../findings/list-findings';
import { buildReport } from '../report/build-report';
import { renderMarkdown } from '../report/markdown';
import type { GuardedRoutes, InsightsDeps } from './route-options';

const reportRequest = reportQuery.extend({ format: z.enum(['json', 'md']).default('json') });

/**
 * The regression report and its stored findings (admin role), mounted at the
 * root: `GET /api/v1/admin/report?since=7d&until=now&format=json|md` and
 * `GET /api/v1/admin/findings?status=open&limit=100`.
 */
export function createAdminReportRoutes(ctx: InsightsDeps, options: GuardedRoutes): Hono {
  const app = new Hono();
  app.use('/api/v1/admin/report', options.guard);
  app.use('/api/v1/admin/findings', options.guard);
  app.get('/api/v1/admin/report', async (c) => {
    const { format, ...query } = readQuery(c, reportRequest);
    const report = await buildReport(ctx, { query });
    return format === 'md' ? c.text(renderMarkdown(report), 200, { 'content-type': 'text/markdown; charset=utf-8' }) : c.json(report);
  });
  app.get('/api/v1/admin/findings', async (c) => c.json(await listFindings(ctx, readQuery(c, findingsQuery))));
  return app;
}
