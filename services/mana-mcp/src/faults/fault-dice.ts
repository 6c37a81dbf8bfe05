import { createHash } from 'node:crypto';

/**
 * A keyed die: a number in [0, 1) for a key. The same seed and key always give
 * the same number, so a fault lands on the same call of the same caller however
 * many other callers run at the same time (arrival order does not matter).
 * A plain `() => number` (a seeded PRNG) also fits where order is fixed (tests).
 */
export type FaultDice = (key: string) => number;

/** Dice from sha256(seed, key). */
export function keyedDice(seed: number): FaultDice {
  return (key) => createHash('sha256').update(`${seed}\u001f${key}`).digest().readUInt32LE(0) / 4294967296;
}
