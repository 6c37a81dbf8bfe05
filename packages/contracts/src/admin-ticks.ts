import { z } from 'zod';
import { tickRecord } from './tick-record';
import { actionResult, feedbackStatus, tickStatus } from './ticks';

/** One tick row as the admin API shows it. */
export const adminTick = z.object({
  id: z.string(),
  personaId: z.string(),
  slot: z.string(),
  status: tickStatus,
  attempt: z.number().int(),
  driver: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  error: z.string().nullable(),
  /** Why the day's record sent with the completion was not stored as sent (dropped or cut); null when stored whole or none was sent. */
  recordError: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type AdminTick = z.infer<typeof adminTick>;

/** One tool call of a tick (a `persona_actions` row); `calledAt` is when it was sent, `createdAt` when it was reported. */
export const adminTickAction = z.object({
  id: z.string(),
  callId: z.string(),
  toolName: z.string(),
  module: z.string(),
  inputHash: z.string(),
  result: actionResult,
  errorMessage: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  calledAt: z.string(),
  createdAt: z.string(),
});
export type AdminTickAction = z.infer<typeof adminTickAction>;

/**
 * One rating of a tick with the calls that ground it: the actions of the
 * rated module in this tick (`actionIds` are `persona_actions.id`, `callIds`
 * match the record's call entries). A `parse_error` row grounds nothing.
 */
export const adminTickFeedback = z.object({
  id: z.string(),
  module: z.string(),
  rating: z.number().int().nullable(),
  notes: z.string().nullable(),
  status: feedbackStatus,
  createdAt: z.string(),
  actionIds: z.array(z.string()),
  callIds: z.array(z.string()),
});
export type AdminTickFeedback = z.infer<typeof adminTickFeedback>;

/**
 * The tick's simulator as stored: the driver and model, the prompt hash and
 * policy version the runner reported, the simulator key mana-auth derived
 * from those four, and the MCP surface's hash with its tool count (null when
 * no copy of that surface is stored). All null for ticks older than issue 21.
 */
export const adminTickFingerprint = z.object({
  driver: z.string().nullable(),
  model: z.string().nullable(),
  promptHash: z.string().nullable(),
  policyVersion: z.string().nullable(),
  simulatorKey: z.string().nullable(),
  surfaceHash: z.string().nullable(),
  surfaceTools: z.number().int().nullable(),
});
export type AdminTickFingerprint = z.infer<typeof adminTickFingerprint>;

/** `GET /api/v1/admin/ticks/:id`: the tick with its simulator fingerprint, its persona, actions (in call order), ratings and the day's record (null when none or expired). */
export const adminTickDetail = z.object({
  tick: adminTick.extend({ fingerprint: adminTickFingerprint }),
  persona: z.object({ userId: z.string(), email: z.string(), name: z.string(), archetype: z.string() }),
  actions: z.array(adminTickAction),
  feedback: z.array(adminTickFeedback),
  record: tickRecord.nullable(),
  /** Stored size of the record (JSON bytes), null without one. */
  recordBytes: z.number().int().nullable(),
});
export type AdminTickDetail = z.infer<typeof adminTickDetail>;

/** `GET /api/v1/admin/personas/:id/ticks?limit&offset`: newest first. */
export const adminPersonaTicksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A tick in a persona's history, with its call and rating counts and whether a record is kept. */
export const adminTickSummary = adminTick.extend({
  actions: z.number().int(),
  errors: z.number().int(),
  ratings: z.number().int(),
  hasRecord: z.boolean(),
});
export type AdminTickSummary = z.infer<typeof adminTickSummary>;
export const adminPersonaTicksResponse = z.object({ ticks: z.array(adminTickSummary), total: z.number().int() });
export type AdminPersonaTicksResponse = z.infer<typeof adminPersonaTicksResponse>;
