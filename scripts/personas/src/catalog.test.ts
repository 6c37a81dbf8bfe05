import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manaRegistry } from '@mana/tools';
import { CATALOG_PATH, CATALOG_SCHEMA_PATH, catalogJsonSchema, loadCatalog, parseCatalog } from './catalog';

const raw = JSON.parse(readFileSync(CATALOG_PATH, 'utf8')) as { $schema: string; personas: Record<string, unknown>[] };

describe('persona catalogue', () => {
  const personas = loadCatalog(manaRegistry);

  it('holds the ten personas of the original with their archetypes and cadences, plus hourly ones', () => {
    const byName = Object.fromEntries(personas.map((p) => [p.name, `${p.archetype}/${p.tickCadence}`]));
    expect(byName).toMatchObject({
      Anna: 'adhd-student/daily',
      Ben: 'adhd-student/daily',
      Marcus: 'ceo-busy/weekdays',
      Lena: 'ceo-busy/weekdays',
      Sofia: 'creative-parent/daily',
      Tom: 'creative-parent/daily',
      Kai: 'solo-dev/daily',
      Julia: 'researcher/weekdays',
      Paul: 'freelancer/weekdays',
      Maya: 'overwhelmed-newbie/daily',
    });
    expect(personas.filter((p) => p.tickCadence === 'hourly').length).toBeGreaterThanOrEqual(2);
  });

  it('uses persona.<name>@mana.test and a distinct German prompt per persona', () => {
    for (const p of personas) expect(p.email).toBe(`persona.${p.name.toLowerCase()}@mana.test`);
    expect(new Set(personas.map((p) => p.systemPrompt)).size).toBe(personas.length);
    for (const p of personas) expect(p.systemPrompt).toMatch(new RegExp(`^Du bist ${p.name}, \\d+`));
  });

  it('references its JSON Schema, which is generated from the zod schema and up to date', () => {
    expect(raw.$schema).toBe('./catalog.schema.json');
    expect(JSON.parse(readFileSync(CATALOG_SCHEMA_PATH, 'utf8'))).toEqual(catalogJsonSchema());
  });

  it('rejects modules the registry does not know, duplicates and bad fields, naming them', () => {
    const first = raw.personas[0];
    expect(() => parseCatalog({ personas: [{ ...first, moduleMix: { todo: 1, gardening: 2 } }] }, manaRegistry)).toThrow(/personas\.0\.moduleMix\.gardening/);
    expect(() => parseCatalog({ personas: [first, { ...first, name: 'Other' }] }, manaRegistry)).toThrow(/personas\.1\.email: duplicate/);
    expect(() => parseCatalog({ personas: [{ ...first, tickCadence: 'monthly', timeZone: 'Nowhere/Town' }] }, manaRegistry)).toThrow(
      /tickCadence[\s\S]*timeZone|timeZone[\s\S]*tickCadence/,
    );
  });
});
