import { z } from 'zod';
import { storableText, toStorableJson } from './text';
import { actionResult } from './ticks';

/**
 * The day's record of one tick (version 1): what the persona said, each tool
 * call with its arguments as sent and what came back, and the rating turn's
 * answer, in the order they happened. The runner builds it from the driver's
 * day, redacts secrets, caps it at `MAX_TICK_RECORD_BYTES` and sends it with
 * the tick completion; mana-auth stores it in `persona_tick_records`.
 * Documented in docs/record.md.
 */
export const TICK_RECORD_VERSION = 1;

/** Size cap of one record as JSON (UTF-8 bytes); entries past it are replaced by one `cut` entry. */
export const MAX_TICK_RECORD_BYTES = 64 * 1024;
/** A call's result or error text is kept up to this many characters (then `…`). */
export const MAX_RECORD_TEXT_CHARS = 2_000;
/** A call's arguments longer than this as JSON are kept as their cut JSON text (`argumentsCut: true`). */
export const MAX_RECORD_ARGUMENTS_CHARS = 4_000;
/** A persona message or the rating answer is kept up to this many characters. */
export const MAX_RECORD_MESSAGE_CHARS = 8_000;

const instant = z.iso.datetime({ offset: true });

/** Something the persona said: what it set out to do (`intent`), words between calls (`say`), its closing `summary`. */
export const recordMessage = z
  .object({
    type: z.literal('message'),
    at: instant,
    kind: z.enum(['intent', 'say', 'summary']),
    text: storableText(MAX_RECORD_MESSAGE_CHARS),
  })
  .strict();

/** One tool call: `at` is when it was sent; `callId` matches the action row of the tick. */
export const recordCall = z
  .object({
    type: z.literal('call'),
    at: instant,
    callId: storableText(200).pipe(z.string().min(1)),
    toolName: storableText(200).pipe(z.string().min(1)),
    module: storableText(64).pipe(z.string().min(1)),
    /** The arguments as sent, secrets redacted; the cut JSON text when `argumentsCut`. Nesting past 32 levels reads `[nested too deep]`. */
    arguments: z.unknown().transform((value) => toStorableJson(value)),
    argumentsCut: z.literal(true).optional(),
    result: actionResult,
    /** What came back (truncated), for `ok`. */
    output: storableText(MAX_RECORD_TEXT_CHARS).optional(),
    /** The error text (truncated), for `error`. */
    error: storableText(MAX_RECORD_TEXT_CHARS).optional(),
    latencyMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .strict();

/** The rating turn's answer as the model (or the offline policy) gave it. */
export const recordRating = z
  .object({
    type: z.literal('rating'),
    at: instant,
    answer: storableText(MAX_RECORD_MESSAGE_CHARS),
  })
  .strict();

/** Where the size cap cut the record: how many entries (and bytes of them) were left out from here on. */
export const recordCut = z
  .object({
    type: z.literal('cut'),
    omittedEntries: z.number().int().min(1).max(1_000_000),
    omittedBytes: z.number().int().min(0).max(1_000_000_000),
  })
  .strict();

export const recordEntry = z.discriminatedUnion('type', [recordMessage, recordCall, recordRating, recordCut]);
export type RecordEntry = z.infer<typeof recordEntry>;
export type RecordCall = z.infer<typeof recordCall>;

export const tickRecord = z
  .object({
    version: z.literal(TICK_RECORD_VERSION),
    driver: storableText(64).pipe(z.string().min(1)),
    model: storableText(200),
    /** How the day ended (`completed`, `max_turns`, `timeout`, `error`, ...). */
    termination: storableText(64),
    startedAt: instant,
    endedAt: instant,
    /** True when the cap cut entries (a `cut` entry marks where). */
    truncated: z.boolean(),
    entries: z.array(recordEntry).max(10_000),
  })
  .strict();
export type TickRecord = z.infer<typeof tickRecord>;

/** UTF-8 bytes of a value as JSON (how the cap measures). */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}
