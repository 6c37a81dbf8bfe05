import { clampRating } from '@mana/contracts';
import { clip, usedModules } from '../../rating/day-record';
import type { ModuleRating, RecordedAction } from '../driver';
import { fill, type PhraseBank } from './phrases';
import { slowThresholdMs, type Temperament } from './temperament';

/** What one module felt like today. */
interface ModuleExperience {
  calls: number;
  errors: Map<string, string[]>;
  slowest?: { tool: string; ms: number };
  slowCalls: number;
  emptyTools: string[];
  reads: number;
  latencies: number[];
}

/**
 * How long a call felt: the app's own handler time where the server reports it,
 * else what the client measured. A runner that queues its own calls (high
 * concurrency) must not make the app look slow.
 */
export function perceivedMs(action: RecordedAction): number | undefined {
  return action.handlerMs ?? action.latencyMs;
}

function experienceOf(actions: readonly RecordedAction[], slowMs: number): ModuleExperience {
  const experience: ModuleExperience = { calls: 0, errors: new Map(), slowCalls: 0, emptyTools: [], reads: 0, latencies: [] };
  for (const action of actions) {
    experience.calls++;
    const ms = perceivedMs(action);
    if (ms !== undefined) experience.latencies.push(ms);
    if (action.result === 'error') {
      const list = experience.errors.get(action.toolName) ?? [];
      list.push(action.errorMessage ?? 'error');
      experience.errors.set(action.toolName, list);
    }
    if (ms !== undefined && ms > slowMs) {
      experience.slowCalls++;
      if (!experience.slowest || ms > experience.slowest.ms) experience.slowest = { tool: action.toolName, ms: Math.round(ms) };
    }
    if (action.emptyResult !== undefined) experience.reads++;
    if (action.emptyResult && !experience.emptyTools.includes(action.toolName)) experience.emptyTools.push(action.toolName);
  }
  return experience;
}

/**
 * The tone of a rating's note, from what drove the rating: a failed or slow call is a complaint,
 * a list that showed nothing is mild, a module where everything worked is praised, or, for a
 * middling star, plainly called working.
 */
export type NoteTone = 'complaint' | 'mild' | 'neutral' | 'positive';

/**
 * The stars each tone may come with, so that a note and its star agree: "todo_list failed twice"
 * is never above 3, "calendar_list_events showed nothing" never above 4, "all went smoothly"
 * never below 4 (a smooth day with a middling star gets the neutral note instead).
 */
export const TONE_BANDS: Record<NoteTone, readonly [min: number, max: number]> = {
  complaint: [1, 3],
  mild: [2, 4],
  neutral: [2, 3],
  positive: [4, 5],
};

/** Options of a policy's rating: the variant policy rates a star lower (ratingShift -1). */
export interface RatingStyle {
  ratingShift: number;
}

/**
 * Ratings from what the persona experienced per module (errors, slow calls,
 * empty screens) seen through its temperament: generous personas start higher,
 * patient ones forgive more. The note names the concrete experience, and the
 * star is kept in the band of the note's tone (TONE_BANDS).
 */
export function rateFromExperience(actions: readonly RecordedAction[], temperament: Temperament, bank: PhraseBank, style: RatingStyle = { ratingShift: 0 }): ModuleRating[] {
  const slowMs = slowThresholdMs(temperament);
  const impatience = 1 - temperament.patience;
  return usedModules(actions).map((module) => {
    const experience = experienceOf(
      actions.filter((action) => action.module === module),
      slowMs,
    );
    const errorCount = [...experience.errors.values()].reduce((sum, list) => sum + list.length, 0);
    let score = 3.4 + temperament.generosity * 1.6;
    if (errorCount > 0) score -= 0.5 + (errorCount / experience.calls) * (2 + 2 * impatience);
    if (experience.slowCalls > 0) score -= (0.5 + impatience) * Math.min(1, (2 * experience.slowCalls) / experience.calls);
    if (experience.reads > 0 && experience.emptyTools.length > 0) score -= 0.5 * impatience;
    // The shift moves the whole star after rounding: added to the score, floating error at a half
    // (2.5 → 1.4999999999999998) made the variant two stars lower, not one.
    const star = clampRating(clampRating(score) + style.ratingShift);
    const tone = toneOf(experience, star);
    const [min, max] = TONE_BANDS[tone];
    const rating = Math.min(max, Math.max(min, star));
    return { module, rating, notes: notesOf(experience, tone, bank), status: 'rated' as const };
  });
}

/** The worst thing that happened sets the tone; a smooth module is praised only with a good star. */
function toneOf(experience: ModuleExperience, star: number): NoteTone {
  if (experience.errors.size > 0 || experience.slowest) return 'complaint';
  if (experience.emptyTools.length > 0) return 'mild';
  return star >= TONE_BANDS.positive[0] ? 'positive' : 'neutral';
}

function timesWord(bank: PhraseBank, n: number): string {
  return bank.notes.times[String(n)] ?? fill(bank.notes.times.n, { n });
}

function notesOf(experience: ModuleExperience, tone: NoteTone, bank: PhraseBank): string {
  if (tone === 'positive' || tone === 'neutral') {
    const avgMs = experience.latencies.length ? Math.round(experience.latencies.reduce((a, b) => a + b, 0) / experience.latencies.length) : 0;
    return fill(tone === 'positive' ? bank.notes.allGood : bank.notes.allFine, { count: experience.calls, avgMs });
  }
  const parts: string[] = [];
  for (const [tool, messages] of experience.errors) parts.push(fill(bank.notes.failed, { tool, times: timesWord(bank, messages.length), error: clip(messages[0], 160) }));
  if (experience.slowest) parts.push(fill(bank.notes.slow, experience.slowest));
  for (const tool of experience.emptyTools) parts.push(fill(bank.notes.empty, { tool }));
  return parts.join(' ');
}
