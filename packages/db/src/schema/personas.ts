/**
 * Personas and what they did: ticks (one per persona per scheduled slot),
 * actions (one per tool call) and feedback (one rating per module per tick).
 */
import { sql, type SQL } from 'drizzle-orm';
import { boolean, check, doublePrecision, type AnyPgColumn, index, integer, jsonb, pgTable, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { actionResult, feedbackStatus, tickCadence, tickStatus } from '@mana/contracts';
import { users } from './auth';

/** A contract enum's values as drizzle's `text(..., { enum })` wants them (a non-empty tuple). */
const valuesOf = <T extends string>(values: readonly T[]) => values as readonly [T, ...T[]];

/** `column in ('a', 'b', ...)` from a contract's enum: the check constraint and the contract are one list. */
const oneOf = (column: SQL | AnyPgColumn, values: readonly string[]) => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

export const personas = pgTable(
  'personas',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    archetype: text('archetype').notNull(),
    systemPrompt: text('system_prompt').notNull(),
    moduleMix: jsonb('module_mix').$type<Record<string, number>>().notNull(),
    tickCadence: text('tick_cadence', { enum: valuesOf(tickCadence.options) }).notNull(),
    timeZone: text('time_zone').notNull().default('Europe/Berlin'),
    locale: text('locale').notNull().default('de-DE'),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
    /**
     * Earliest instant the persona can next be due, derived from its tick
     * records (lease expiry, back-off, next slot start). It only orders and
     * narrows the due scan (one index range scan at 100k personas); claim and
     * due re-check the tick of the current slot, so a stale value is harmless.
     */
    nextDueAt: timestamp('next_due_at', { withTimezone: true }).notNull().default(sql`'1970-01-01T00:00:00Z'`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('personas_tick_cadence_check', oneOf(t.tickCadence, tickCadence.options)), index('personas_next_due_idx').on(t.nextDueAt, t.userId)],
);

export const personaTicks = pgTable(
  'persona_ticks',
  {
    id: text('id').primaryKey(),
    personaId: text('persona_id')
      .notNull()
      .references(() => personas.userId, { onDelete: 'cascade' }),
    /** Slot key: local date (`2026-03-30`) or the UTC instant of the local hour start (`2026-03-30T07:00Z`). */
    slot: text('slot').notNull(),
    /** End of the slot: back-off never schedules past it. */
    slotEndsAt: timestamp('slot_ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: valuesOf(tickStatus.options) }).notNull(),
    attempt: integer('attempt').notNull().default(1),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    driver: text('driver'),
    model: text('model'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    error: text('error'),
    /**
     * Why the day's record sent with the completion was not stored as sent
     * (refused by its contract, over the size cap and cut, refused by the
     * database); null when it was stored whole or none was sent. The tick's
     * actions and ratings are stored either way.
     */
    recordError: text('record_error'),
    /**
     * The simulator fingerprint of the tick (with `driver` and `model`): a hash of
     * the prompt templates the driver used, the offline policy's version, and the
     * key of all four (`simulatorKey`) that the report compares like with like by.
     * Null for ticks completed before migration 0011 or by runners that do not send it.
     */
    promptHash: text('prompt_hash'),
    policyVersion: text('policy_version'),
    simulatorKey: text('simulator_key'),
    /** Hash of the target's tools/list as the persona saw it; one copy per hash in `tool_surfaces`. */
    surfaceHash: text('surface_hash'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('persona_ticks_persona_slot_unique').on(t.personaId, t.slot),
    index('persona_ticks_persona_created_idx').on(t.personaId, t.createdAt),
    check('persona_ticks_status_check', oneOf(t.status, tickStatus.options)),
    check('persona_ticks_attempt_check', sql`${t.attempt} >= 1`),
  ],
);

export const personaActions = pgTable(
  'persona_actions',
  {
    id: text('id').primaryKey(),
    personaId: text('persona_id')
      .notNull()
      .references(() => personas.userId, { onDelete: 'cascade' }),
    tickId: text('tick_id')
      .notNull()
      .references(() => personaTicks.id, { onDelete: 'cascade' }),
    callId: text('call_id').notNull(),
    toolName: text('tool_name').notNull(),
    module: text('module').notNull(),
    inputHash: text('input_hash').notNull(),
    result: text('result', { enum: valuesOf(actionResult.options) }).notNull(),
    errorMessage: text('error_message'),
    latencyMs: integer('latency_ms'),
    /** When the call was sent (the runner's clock); `created_at` is when it was reported. */
    calledAt: timestamp('called_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The app's own time for the call as its MCP server reported it (mana-mcp's
     * handler time, sub-millisecond); null for servers that do not report it.
     * The report judges latency on it, so a loaded client cannot fake a finding.
     */
    handlerMs: doublePrecision('handler_ms'),
    /** A successful read whose lists were all empty (true) or not (false); null for writes, errors and drivers that cannot tell. */
    emptyResult: boolean('empty_result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('persona_actions_persona_created_idx').on(t.personaId, t.createdAt),
    index('persona_actions_tick_idx').on(t.tickId),
    index('persona_actions_created_idx').on(t.createdAt),
    check('persona_actions_result_check', oneOf(t.result, actionResult.options)),
  ],
);

export const personaFeedback = pgTable(
  'persona_feedback',
  {
    id: text('id').primaryKey(),
    personaId: text('persona_id')
      .notNull()
      .references(() => personas.userId, { onDelete: 'cascade' }),
    tickId: text('tick_id')
      .notNull()
      .references(() => personaTicks.id, { onDelete: 'cascade' }),
    module: text('module').notNull(),
    rating: smallint('rating'),
    notes: text('notes'),
    status: text('status', { enum: valuesOf(feedbackStatus.options) })
      .notNull()
      .default('rated'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('persona_feedback_tick_module_unique').on(t.tickId, t.module),
    index('persona_feedback_persona_created_idx').on(t.personaId, t.createdAt),
    index('persona_feedback_created_idx').on(t.createdAt),
    check('persona_feedback_rating_check', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    check('persona_feedback_status_check', oneOf(t.status, feedbackStatus.options)),
    check('persona_feedback_rated_has_rating', sql`${t.status} <> 'rated' or ${t.rating} is not null`),
  ],
);

/**
 * The day's record of a tick (JSON, shape `tickRecord` version 1 in
 * @mana/contracts): apart from `persona_ticks` so the tick rows stay lean;
 * removed after PERSONA_RECORD_RETENTION_DAYS while actions and ratings stay.
 */
export const personaTickRecords = pgTable(
  'persona_tick_records',
  {
    tickId: text('tick_id')
      .primaryKey()
      .references(() => personaTicks.id, { onDelete: 'cascade' }),
    personaId: text('persona_id')
      .notNull()
      .references(() => personas.userId, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    record: jsonb('record').notNull(),
    bytes: integer('bytes').notNull(),
    truncated: boolean('truncated').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('persona_tick_records_created_idx').on(t.createdAt)],
);

/** Row types as drizzle infers them from the tables above: readers use these, never a hand-typed copy. */
export type Persona = typeof personas.$inferSelect;
export type PersonaTick = typeof personaTicks.$inferSelect;
export type PersonaAction = typeof personaActions.$inferSelect;
export type PersonaFeedback = typeof personaFeedback.$inferSelect;
