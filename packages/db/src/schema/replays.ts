/**
 * Replay runs (`npm run replay` against a database): what was replayed, the
 * summary CI acts on, and the differences found, call by call (shape
 * `replayResult` in @mana/contracts). Listed by `GET /api/v1/admin/replays`.
 */
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const replayRuns = pgTable(
  'replay_runs',
  {
    id: text('id').primaryKey(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    /** `in-process` or the target's MCP URL. */
    target: text('target').notNull(),
    /** The recording's header: format version, source, time span, personas and ticks. */
    recording: jsonb('recording').$type<Record<string, unknown>>().notNull(),
    calls: integer('calls').notNull(),
    differences: integer('differences').notNull(),
    /** 0 nothing worse, 1 something got worse (the CLI's exit code). */
    exitCode: integer('exit_code').notNull(),
    /** The whole result (`replayResult`): per tool and kind, and the differences with their recorded tick ids. */
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('replay_runs_started_idx').on(t.startedAt)],
);
