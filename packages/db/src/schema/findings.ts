/**
 * What the scheduled report found: one row per anomaly key (open or resolved,
 * with what the webhook last announced) and one claim row per scheduled run,
 * so that several mana-auth replicas run each slot once.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const findings = pgTable(
  'findings',
  {
    /** `kind:name:metric`, e.g. `tool:todo_complete:errorRate`. */
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    module: text('module').notNull(),
    metric: text('metric').notNull(),
    status: text('status').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** The latest anomaly (shape `reportAnomaly` in @mana/contracts). */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    /** The status the webhook last delivered; differs from `status` while an announcement is due. */
    announcedStatus: text('announced_status'),
    announcedAt: timestamp('announced_at', { withTimezone: true }),
  },
  (t) => [
    check('findings_status_check', sql`${t.status} in ('open', 'resolved')`),
    check('findings_announced_status_check', sql`${t.announcedStatus} is null or ${t.announcedStatus} in ('open', 'resolved')`),
    index('findings_status_last_seen_idx').on(t.status, t.lastSeenAt),
  ],
);

export const reportRuns = pgTable(
  'report_runs',
  {
    /** The scheduled instant (REPORT_CRON); the primary key is the claim. */
    slot: timestamp('slot', { withTimezone: true }).primaryKey(),
    owner: text('owner').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    anomalies: integer('anomalies'),
    opened: integer('opened'),
    resolved: integer('resolved'),
    /** `none` (nothing to say or no webhook), `delivered` or `failed`. */
    delivery: text('delivery'),
    error: text('error'),
  },
  (t) => [check('report_runs_delivery_check', sql`${t.delivery} is null or ${t.delivery} in ('none', 'delivered', 'failed')`)],
);
