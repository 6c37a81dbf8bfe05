import { createHash } from 'node:crypto';
import type { PersonaProfile } from '@mana/contracts';
import type { Random } from '@mana/core';

/**
 * How a persona behaves in the offline policy, fixed per persona: derived from
 * a hash of its archetype and system prompt, so it never changes between days
 * unless the persona's definition does.
 */
export interface Temperament {
  /** 0..1: how much it does in a day (shifts the 3-8 calls). */
  energy: number;
  /** 0..1: how well it tolerates errors, slowness and empty screens. */
  patience: number;
  /** 0..1: how generous its ratings start out. */
  generosity: number;
}

/** The persona's temperament from sha256(archetype, system prompt). */
export function temperamentOf(persona: Pick<PersonaProfile, 'archetype' | 'systemPrompt'>): Temperament {
  const digest = createHash('sha256').update(`${persona.archetype}\n${persona.systemPrompt}`).digest();
  const unit = (offset: number) => digest.readUInt16LE(offset) / 65535;
  return { energy: unit(0), patience: unit(2), generosity: unit(4) };
}

/** Calls planned for today: 3-8, more for energetic personas, capped by the budget. */
export function plannedCalls(temperament: Temperament, random: Random, maxCalls: number): number {
  const base = 3 + Math.round(temperament.energy * 3);
  return Math.max(1, Math.min(8, maxCalls, base + random.int(0, 2)));
}

/** Above this latency a call feels slow to this persona. */
export function slowThresholdMs(temperament: Temperament): number {
  return Math.round(800 + temperament.patience * 2200);
}
