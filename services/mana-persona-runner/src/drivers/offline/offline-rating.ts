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
 * Ratings from what the persona experienced per module (errors, slow calls,
 * empty screens) seen through its temperament: generous personas start higher,
 * patient ones forgive more. Notes name the concrete experience.
 */
export function rateFromExperience(actions: readonly RecordedAction[], temperament: Temperament, bank: PhraseBank): ModuleRating[] {
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
    const rating = clampRating(score);
    return { module, rating, notes: notesOf(experience, bank), status: 'rated' as const };
  });
}

function timesWord(bank: PhraseBank, n: number): string {
  return bank.notes.times[String(n)] ?? fill(bank.notes.times.n, { n });
}

function notesOf(experience: ModuleExperience, bank: PhraseBank): string {
  const parts: string[] = [];
  for (const [tool, messages] of experience.errors) parts.push(fill(bank.notes.failed, { tool, times: timesWord(bank, messages.length), error: clip(messages[0], 160) }));
  if (experience.slowest) parts.push(fill(bank.notes.slow, experience.slowest));
  for (const tool of experience.emptyTools) parts.push(fill(bank.notes.empty, { tool }));
  if (parts.length === 0) {
    const avgMs = experience.latencies.length ? Math.round(experience.latencies.reduce((a, b) => a + b, 0) / experience.latencies.length) : 0;
    parts.push(fill(bank.notes.allGood, { count: experience.calls, avgMs }));
  }
  return parts.join(' ');
}
