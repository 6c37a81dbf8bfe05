import {
  capRecord,
  cutText,
  MAX_RECORD_ARGUMENTS_CHARS,
  MAX_RECORD_MESSAGE_CHARS,
  MAX_RECORD_TEXT_CHARS,
  TICK_RECORD_VERSION,
  toStorableJson,
  type RecordEntry,
  type TickRecord,
} from '@mana/contracts';
import { redactSecrets, redactText } from '@mana/core';
import type { DayResult, RecordedAction } from '../drivers/driver';

/** What a tick's record is built from: the day as the driver handed it over and the rating turn's answer. */
export interface RecordInput {
  driver: string;
  model: string;
  startedAt: Date;
  endedAt: Date;
  day?: Pick<DayResult, 'actions' | 'messages' | 'summary' | 'termination'>;
  /** Why the tick failed, when it did before (or instead of) a day. */
  failure?: string;
  rating?: { answer: string; at: Date };
  /** Secret values this runner knows (service key, the persona's token and password, API keys): never stored. */
  secrets: readonly string[];
  /** Size cap in JSON bytes (default MAX_TICK_RECORD_BYTES). */
  maxBytes?: number;
}

/**
 * A call's arguments as sent, storable (nesting past 32 levels cut, odd text
 * made valid) and redacted; the cut JSON text when they are too long.
 */
function argumentsOf(action: RecordedAction, secrets: readonly string[]): { arguments: unknown; argumentsCut?: true } {
  const clean = redactSecrets(toStorableJson(action.input ?? {}), secrets);
  const json = JSON.stringify(clean) ?? 'null';
  return json.length <= MAX_RECORD_ARGUMENTS_CHARS ? { arguments: clean } : { arguments: cutText(json, MAX_RECORD_ARGUMENTS_CHARS), argumentsCut: true };
}

function callEntry(action: RecordedAction, fallbackAt: string, secrets: readonly string[]): RecordEntry {
  const text = (value: string) => cutText(redactText(value, secrets), MAX_RECORD_TEXT_CHARS);
  return {
    type: 'call',
    at: action.calledAt ?? fallbackAt,
    callId: cutText(action.callId, 200) || 'unknown',
    toolName: cutText(action.toolName, 200) || 'unknown',
    module: cutText(action.module, 64) || 'unknown',
    ...argumentsOf(action, secrets),
    result: action.result,
    ...(action.result === 'ok' ? { output: text(action.output ?? action.outputSummary ?? '') } : { error: text(action.errorMessage ?? 'error') }),
    ...(action.latencyMs !== undefined ? { latencyMs: Math.max(0, Math.round(action.latencyMs)) } : {}),
  };
}

/**
 * The tick's record (`tickRecord` version 1): persona messages and calls in
 * the order they happened (by time; at the same instant words come before the
 * calls they announce and the summary after them), then the rating answer.
 * Every string is redacted (known secret values, bearer tokens, JWTs, API
 * keys, values under secret key names) and the whole is capped with a `cut`
 * entry where it was cut.
 */
export function buildTickRecord(input: RecordInput): TickRecord {
  const { secrets } = input;
  const startedAt = input.startedAt.toISOString();
  const message = (kind: 'intent' | 'say' | 'summary', text: string, at: string): RecordEntry => ({
    type: 'message',
    at,
    kind,
    text: cutText(redactText(text, secrets), MAX_RECORD_MESSAGE_CHARS),
  });
  const order = { intent: 0, say: 0, call: 1, summary: 2 } as const;
  const timed: { entry: RecordEntry; rank: number; seq: number }[] = [];
  const messages = input.day?.messages ?? (input.day?.summary ? [{ kind: 'summary' as const, text: input.day.summary, at: input.endedAt.toISOString() }] : []);
  for (const m of messages) timed.push({ entry: message(m.kind, m.text, m.at), rank: order[m.kind], seq: timed.length });
  for (const action of input.day?.actions ?? []) timed.push({ entry: callEntry(action, startedAt, secrets), rank: order.call, seq: timed.length });
  timed.sort((a, b) =>
    (a.entry as { at: string }).at < (b.entry as { at: string }).at ? -1 : (a.entry as { at: string }).at > (b.entry as { at: string }).at ? 1 : a.rank - b.rank || a.seq - b.seq,
  );
  const entries = timed.map((t) => t.entry);
  if (input.failure) entries.push(message('summary', `(tick failed: ${input.failure})`, input.endedAt.toISOString()));
  const tail: RecordEntry[] = input.rating
    ? [{ type: 'rating', at: input.rating.at.toISOString(), answer: cutText(redactText(input.rating.answer, secrets), MAX_RECORD_MESSAGE_CHARS) }]
    : [];
  return capRecord(
    {
      version: TICK_RECORD_VERSION,
      driver: cutText(input.driver, 64),
      model: cutText(input.model, 200),
      termination: cutText(input.day?.termination ?? 'error', 64),
      startedAt,
      endedAt: input.endedAt.toISOString(),
      truncated: false,
      entries,
    },
    tail,
    input.maxBytes,
  );
}
