import type { PersonaProfile } from '@mana/contracts';
import type { Logger } from '@mana/core';
import type { PassSummary } from './pass';
import type { SessionOutcome } from './persona-session';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** An error as one short clause of a terminal line (the JSON line keeps it whole). */
const clause = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
};

/**
 * One line per finished tick at `info`: who played, how many tool calls, how
 * many of them answered an error, how many ratings. On a terminal a sentence a
 * person reads at a glance; in JSON lines the same as fields.
 */
export function logTick(log: Logger, outcome: SessionOutcome, persona: Pick<PersonaProfile, 'name' | 'archetype'>): void {
  if (!log.interactive) {
    const { tickId, email, status, actions: calls, toolErrors: errors, ratings, durationMs, error } = outcome;
    log.info('tick finished', { tickId, persona: email, name: persona.name, status, calls, errors, ratings, durationMs: Math.round(durationMs), ...(error ? { error } : {}) });
    return;
  }
  const who = `${persona.name} (${persona.archetype})`;
  const what = `${count(outcome.actions, 'call')}, ${count(outcome.toolErrors, 'error')}, ${count(outcome.ratings, 'rating')}`;
  if (outcome.status === 'succeeded') log.info(`${who}: ${what} in ${seconds(outcome.durationMs)}`);
  else log.info(`${who} failed after ${seconds(outcome.durationMs)} (${what}): ${clause(outcome.error ?? 'unknown error')}`);
}

/** One summary per pass at `info` (on a terminal a pass that could not claim at `warn`), worded for a person there. */
export function logPass(log: Logger, summary: PassSummary): void {
  const { claimed, succeeded, durationMs, skipped, claimError } = summary;
  const failed = summary.failed.length;
  if (!log.interactive) {
    log.info('pass finished', { claimed, succeeded, failed, durationMs, skipped, claimError });
    return;
  }
  if (skipped) log.info(`pass skipped: ${skipped.replace('_', ' ')}`);
  else if (claimError) log.warn(`pass: claiming failed after ${count(claimed, 'tick')}: ${clause(claimError)}`);
  else log.info(`pass: ${claimed === 0 ? 'no persona due' : `${count(claimed, 'tick')}, ${succeeded} succeeded, ${failed} failed`} in ${seconds(durationMs)}`);
}
