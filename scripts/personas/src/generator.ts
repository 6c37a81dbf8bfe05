import { readFileSync } from 'node:fs';
import { seededRandom, type Random } from '@mana/core';
import type { PersonaDefinition, TickCadence } from '@mana/contracts';
import type { ToolRegistry } from '@mana/tools';

type Lang = 'de' | 'en';
type Phrases = Record<Lang, string[]>;

interface Templates {
  archetypes: { id: string; modules: Record<string, number>; role: Record<Lang, string>; subjects: Phrases }[];
  goals: Phrases;
  frustrations: Phrases;
  habits: Phrases;
  techComfort: Phrases;
  temperament: Phrases;
  locales: Record<string, { language: Lang; zones: string[]; names: string[] }>;
  cadences: Record<TickCadence, number>;
}

/** Archetype templates, traits, locales, time zones and cadence weights: data, not code. */
const templates = JSON.parse(readFileSync(new URL('../generator-templates.json', import.meta.url), 'utf8')) as Templates;

function weighted<T extends string>(random: Random, weights: Record<T, number>): T {
  return random.weighted(Object.entries(weights) as [T, number][]);
}

/**
 * A population of `count` valid, varied personas, the same for the same seed:
 * archetype template x traits (habit, goal, frustration, tech comfort,
 * temperament) x locale x time zone x cadence. Module mixes keep only modules
 * the registry has, with jittered weights.
 */
export function generatePersonas(registry: ToolRegistry, options: { count: number; seed: number }): PersonaDefinition[] {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => random.pick(list);
  const localeIds = Object.keys(templates.locales);
  const width = String(options.count).length;

  return Array.from({ length: options.count }, (_, i) => {
    const archetype = pick(templates.archetypes);
    const localeId = pick(localeIds);
    const locale = templates.locales[localeId];
    const lang = locale.language;
    const name = pick(locale.names);
    const age = 18 + random.int(0, 61);
    const role = archetype.role[lang].replace('{subject}', pick(archetype.subjects[lang]));
    const intro = lang === 'de' ? `Du bist ${name}, ${age}, und ${role}.` : `You are ${name}, ${age}, and you ${role}.`;
    const systemPrompt = [
      intro,
      pick(templates.habits[lang]),
      pick(templates.goals[lang]),
      pick(templates.frustrations[lang]),
      pick(templates.techComfort[lang]),
      pick(templates.temperament[lang]),
    ].join(' ');

    const known = Object.keys(archetype.modules).filter((m) => registry.hasModule(m));
    const chosen = known.filter(() => random.chance(0.75));
    const modules = chosen.length ? chosen : [known[0] ?? registry.moduleIds()[0]];
    const moduleMix = Object.fromEntries(modules.map((m) => [m, Math.max(1, Math.round((archetype.modules[m] ?? 1) * (0.5 + random.next())))]));

    const slug = name
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    return {
      name: `${name} ${String(i + 1).padStart(width, '0')}`,
      email: `persona.${slug}-${options.seed}-${String(i + 1).padStart(width, '0')}@mana.test`,
      archetype: archetype.id,
      systemPrompt,
      moduleMix,
      tickCadence: weighted(random, templates.cadences),
      timeZone: pick(locale.zones),
      locale: localeId,
    };
  });
}
