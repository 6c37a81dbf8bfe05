import { describe, expect, it } from 'vitest';
import { manaRegistry } from '@mana/tools';
import { parseCatalog } from './catalog';
import { generatePersonas } from './generator';

describe('generatePersonas', () => {
  const population = generatePersonas(manaRegistry, { count: 1000, seed: 42 });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generatePersonas(manaRegistry, { count: 1000, seed: 42 })).toEqual(population);
    expect(generatePersonas(manaRegistry, { count: 50, seed: 43 })).not.toEqual(population.slice(0, 50));
  });

  it('produces a valid catalogue (schema, unique names and e-mails, registry modules only)', () => {
    expect(parseCatalog({ personas: population }, manaRegistry)).toHaveLength(1000);
  });

  it('varies archetypes, locales, time zones, cadences and module mixes', () => {
    const distinct = (f: (p: (typeof population)[number]) => string) => new Set(population.map(f)).size;
    expect(distinct((p) => p.archetype)).toBeGreaterThanOrEqual(8);
    expect(distinct((p) => p.locale)).toBeGreaterThanOrEqual(5);
    expect(distinct((p) => p.timeZone)).toBeGreaterThanOrEqual(6);
    expect(distinct((p) => p.tickCadence)).toBe(3);
    expect(distinct((p) => JSON.stringify(p.moduleMix))).toBeGreaterThan(100);
    expect(distinct((p) => p.systemPrompt)).toBeGreaterThan(900);
  });
});
