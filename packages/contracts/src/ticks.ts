import { z } from 'zod';
import { storableString, storableText } from './text';
import { personaProfile } from './persona';
import { simulatorFingerprint, toolSurface } from './simulator';

/** A tick's status: the contract, the `persona_ticks` check constraint and TypeScript all read this one list. */
export const tickStatus = z.enum(['claimed', 'running', 'succeeded', 'failed']);
export type TickStatus = z.infer<typeof tickStatus>;
/** The statuses a completion can set. */
export const finalTickStatus = tickStatus.extract(['succeeded', 'failed']);
/** A tool call's result (`persona_actions.result`). */
export const actionResult = z.enum(['ok', 'error']);
export type ActionResult = z.infer<typeof actionResult>;
/** A rating row's status (`persona_feedback.status`); parse errors never count as ratings. */
export const feedbackStatus = z.enum(['rated', 'parse_error']);
export type FeedbackStatus = z.infer<typeof feedbackStatus>;
/** The module of the one `parse_error` row that stores a rating answer nothing could be read from. */
export const PARSE_ERROR_MODULE = '__parse';

/** Longest tool name (MCP and the wire: letters, digits, `_` and `-`). */
export const MAX_TOOL_NAME_CHARS = 64;
/** A tool name as MCP, the registry and the wire take it. */
export const TOOL_NAME_PATTERN = new RegExp(`^[a-zA-Z0-9_-]{1,${MAX_TOOL_NAME_CHARS}}$`);
/** Longest call id of an action report. */
export const MAX_CALL_ID_CHARS = 200;
/** An action's error text is cut to this many characters. */
export const MAX_ACTION_ERROR_CHARS = 4_000;
/** Longest latency or app time one call may report: a day. */
export const MAX_CALL_MS = 86_400_000;
/** Longest module name of a rating row. */
export const MAX_MODULE_CHARS = 64;
/** A rating row's notes are cut to this many characters. */
export const MAX_NOTES_CHARS = 8_000;
/** A failed tick's error text is cut to this many characters. */
export const MAX_TICK_ERROR_CHARS = 8_000;

/** `GET /api/v1/internal/personas/due?limit=N` */
export const dueQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
export const dueResponse = z.object({ personas: z.array(personaProfile), serverTime: z.string() });
export type DueResponse = z.infer<typeof dueResponse>;

/** `POST /api/v1/internal/personas/claim` */
export const claimRequest = z
  .object({
    runnerId: storableString().min(1).max(200),
    limit: z.number().int().min(1).max(500),
    leaseMs: z.number().int().min(1_000).max(3_600_000),
  })
  .strict();
export type ClaimRequest = z.infer<typeof claimRequest>;

export const claim = z.object({
  tickId: z.string(),
  slot: z.string(),
  attempt: z.number().int(),
  leaseExpiresAt: z.string(),
  persona: personaProfile,
});
export type Claim = z.infer<typeof claim>;
export const claimResponse = z.object({ claims: z.array(claim) });
export type ClaimResponse = z.infer<typeof claimResponse>;

/**
 * The attempt of a tick a report belongs to (the claim's `attempt`). Optional
 * for older runners; when given, a report for any other attempt than the
 * tick's current one is refused with CONFLICT and writes nothing.
 */
export const tickAttempt = z.number().int().min(1);

/** `POST /api/v1/internal/personas/ticks/:tickId/heartbeat` */
export const heartbeatRequest = z
  .object({ runnerId: storableString().min(1).max(200), leaseMs: z.number().int().min(1_000).max(3_600_000), attempt: tickAttempt.optional() })
  .strict();
export type HeartbeatRequest = z.infer<typeof heartbeatRequest>;
export const heartbeatResponse = z.object({ leaseExpiresAt: z.string() });

/**
 * `GET /api/v1/internal/personas/spend`: the LLM cost of every tick finished on
 * the current UTC day, by any runner, so that runners share one daily budget
 * and a restarted runner resumes it.
 */
export const spendResponse = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), spentUsd: z.number().min(0) });
export type SpendResponse = z.infer<typeof spendResponse>;

/** A module id as in a persona's module mix (kebab-case, at most 32 characters). */
export const actionModule = storableString().regex(/^[a-z][a-z0-9-]{0,31}$/, 'kebab-case module id such as spaces');

/**
 * One tool call as the runner reports it. `module` is the runner's module of
 * the tool: mana-auth takes it only for tools outside its registry (a foreign
 * MCP server) and refuses one that disagrees with the registry.
 */
export const actionReport = z
  .object({
    tickId: storableString().min(1).max(300),
    attempt: tickAttempt.optional(),
    callId: storableString().min(1).max(MAX_CALL_ID_CHARS),
    toolName: storableString().regex(TOOL_NAME_PATTERN),
    module: actionModule.optional(),
    inputHash: storableString().min(1).max(128),
    result: actionResult,
    /** Free text: made storable and cut to 4,000 characters, never refused for its content. */
    errorMessage: storableText(MAX_ACTION_ERROR_CHARS).optional(),
    latencyMs: z.number().int().min(0).max(MAX_CALL_MS).optional(),
    /** When the call was sent (stored as `called_at`); absent = the time of the report. */
    calledAt: z.iso.datetime({ offset: true }).optional(),
    /**
     * The app's own time for the call as the MCP server reported it (mana-mcp
     * returns it in the result's `_meta`); absent for servers that do not. The
     * report judges latency on it where present (stored as `handler_ms`).
     */
    handlerMs: z.number().min(0).max(MAX_CALL_MS).optional(),
    /**
     * For a read (list, search, get) that succeeded: true when every list in
     * its result was empty. Absent for writes, errors and drivers that cannot
     * tell (stored as `empty_result`); the report tests its rate per tool, so
     * a tool that silently stops returning data is found like a failing one.
     */
    emptyResult: z.boolean().optional(),
  })
  .strict();
export type ActionReport = z.infer<typeof actionReport>;

export const MAX_ACTIONS_PER_BATCH = 500;
export const MAX_FEEDBACK_PER_BATCH = 100;

/** `POST /api/v1/internal/personas/:id/actions` (the 500 cap answers 413, so it is checked apart). */
export const actionsRequest = z.object({ actions: z.array(actionReport).min(1) }).strict();
export const actionsResponse = z.object({ inserted: z.number().int() });

/** One module rating: a 1-5 rating, or a parse error with the raw answer in notes. */
export const feedbackReport = z
  .object({
    tickId: storableString().min(1).max(300),
    module: storableString().min(1).max(MAX_MODULE_CHARS),
    rating: z.number().int().min(1).max(5).optional(),
    /** Free text: made storable and cut to 8,000 characters, never refused for its content. */
    notes: storableText(MAX_NOTES_CHARS).optional(),
    status: feedbackStatus.default('rated'),
  })
  .strict()
  .refine((f) => (f.status === 'rated' ? f.rating !== undefined : f.rating === undefined), {
    message: 'a rated row needs an integer rating 1-5; a parse_error row has none',
    path: ['rating'],
  });
export type FeedbackReport = z.infer<typeof feedbackReport>;

/** `POST /api/v1/internal/personas/:id/feedback` */
export const feedbackRequest = z.object({ feedback: z.array(feedbackReport).min(1) }).strict();
export const feedbackResponse = z.object({ inserted: z.number().int() });

/** Most tokens one report of a tick may count (a tick's budget is 200,000 by default; `persona_ticks` sums attempts in a 32-bit integer). */
export const MAX_TICK_TOKENS = 100_000_000;
/** Most US dollars one report of a tick may cost (a whole day of the dearest model costs a few dollars). */
export const MAX_TICK_COST_USD = 10_000;

/** Tokens and cost of a tick, bounded to what one tick can physically spend, so sums over ticks cannot overflow. */
export const usage = z
  .object({
    inputTokens: z.number().int().min(0).max(MAX_TICK_TOKENS),
    outputTokens: z.number().int().min(0).max(MAX_TICK_TOKENS),
    costUsd: z.number().min(0).max(MAX_TICK_COST_USD),
  })
  .strict();
export type Usage = z.infer<typeof usage>;

/** A usage within the contract's bounds: a driver's absurd count is clamped before it is sent, not refused with the tick. */
export function boundedUsage(value: Usage): Usage {
  const clamp = (n: number, max: number) => (Number.isFinite(n) ? Math.min(max, Math.max(0, n)) : 0);
  return {
    inputTokens: Math.round(clamp(value.inputTokens, MAX_TICK_TOKENS)),
    outputTokens: Math.round(clamp(value.outputTokens, MAX_TICK_TOKENS)),
    costUsd: clamp(value.costUsd, MAX_TICK_COST_USD),
  };
}

/** No tokens, no cost. */
export const ZERO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, costUsd: 0 });

/** Sum of two usages; the cost is kept to micro-dollars so sums do not drift. */
export function addUsage(a: Usage, b: Usage): Usage {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens, costUsd: Math.round((a.costUsd + b.costUsd) * 1e6) / 1e6 };
}

/** A rating as stored: a finite number rounded and clamped to 1-5 (the `feedbackReport` and DB CHECK range). */
export function clampRating(value: number): number {
  return Math.min(5, Math.max(1, Math.round(value)));
}

/** `POST /api/v1/internal/personas/ticks/:tickId/complete`: one transaction. */
export const completeRequest = z
  .object({
    runnerId: storableString().min(1).max(200).optional(),
    attempt: tickAttempt.optional(),
    status: finalTickStatus,
    actions: z.array(actionReport).max(MAX_ACTIONS_PER_BATCH).optional(),
    feedback: z.array(feedbackReport).max(MAX_FEEDBACK_PER_BATCH).optional(),
    usage,
    driver: storableString().min(1).max(64),
    model: storableString().max(200).optional(),
    /** Free text: made storable and cut to 8,000 characters, never refused for its content. */
    error: storableText(MAX_TICK_ERROR_CHARS).optional(),
    /**
     * The day's record (a `tickRecord`, `tick-record.ts`), stored in the same
     * transaction; a later attempt's record replaces it. Read apart from the
     * rest: a record that is not one, or that is over the size cap, never
     * costs the tick's actions and ratings — mana-auth stores them, drops or
     * cuts the record, and says why in the tick's `recordError`.
     */
    record: z.unknown().optional(),
    /**
     * The tick's simulator beside `driver` and `model` (prompt hash, policy
     * version, surface hash); mana-auth stores it with the simulator key of
     * the four. Absent from runners older than issue 21: the tick then has none.
     */
    fingerprint: simulatorFingerprint.optional(),
    /**
     * The surface `fingerprint.surfaceHash` names, sent the first time a
     * runner reports that hash; mana-auth stores one copy per hash and
     * refuses (400, nothing written) a surface whose tools do not hash to it.
     */
    surface: toolSurface.optional(),
  })
  .strict();
export type CompleteRequest = z.infer<typeof completeRequest>;

export const completeResponse = z.object({
  tickId: z.string(),
  status: tickStatus,
  attempt: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  gaveUp: z.boolean(),
  insertedActions: z.number().int(),
  insertedFeedback: z.number().int(),
});
export type CompleteResponse = z.infer<typeof completeResponse>;
