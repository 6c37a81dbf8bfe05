import { cutText, MAX_RECORD_TEXT_CHARS } from '@mana/contracts';
import type { DayContext, PersonaMessage } from './driver';

/** The day's "now" as an ISO instant: the runner's clock when it gave one, else the wall clock. */
export function dayNow(ctx: Pick<DayContext, 'clock'>): string {
  return (ctx.clock?.() ?? new Date()).toISOString();
}

/**
 * Appends a persona message stamped with the day's clock. Empty text is left
 * out, and so is a repeat of the last message (a closing summary that is also
 * the last step's text).
 */
export function say(ctx: Pick<DayContext, 'clock'>, messages: PersonaMessage[], kind: PersonaMessage['kind'], text: string, at = dayNow(ctx)): void {
  const trimmed = text.trim();
  if (!trimmed || messages.at(-1)?.text === trimmed) return;
  messages.push({ kind, text: trimmed, at });
}

/** A tool result's text for the record (longer than the rating turn's summary, still cut, on a code-point boundary). */
export function recordOutput(text: string): string {
  return cutText(text, MAX_RECORD_TEXT_CHARS);
}
