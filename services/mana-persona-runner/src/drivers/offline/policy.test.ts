import { describe, expect, it } from 'vitest';
import { seededRandom } from '@mana/core';
import { leastLikedFirstPlan, moduleOrder } from './policy';

const mix = { todo: 3, notes: 1, habits: 2 };
const available = ['todo', 'notes', 'habits', 'mood'];
const focus = ['todo', 'notes', 'habits'];

describe('leastLikedFirstPlan (the variant policy)', () => {
  it("keeps the day's module draws and works through them module by module, least liked first", () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const random = seededRandom(seed);
      const standard = Array.from({ length: 8 }, () => moduleOrder(random, mix, focus, available));
      const plan = leastLikedFirstPlan(seededRandom(seed), mix, focus, available, 8);
      // The same draws (with their fall-backs), only reordered.
      expect([...plan].map((order) => order.join()).sort()).toEqual(standard.map((order) => order.join()).sort());
      const firsts = plan.map(([module]) => module);
      const weights = firsts.map((module) => mix[module as keyof typeof mix] ?? 0);
      expect(weights).toEqual([...weights].sort((a, b) => a - b));
      // Each module's steps are one run.
      expect(new Set(firsts).size).toBe(firsts.filter((module, i) => module !== firsts[i - 1]).length);
    }
  });
});
