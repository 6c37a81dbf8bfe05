import { readFileSync } from 'node:fs';
import type { PersonaProfile } from '@mana/contracts';
import { canonicalJson, shortHash } from '@mana/core';
import { summarizeDay, usedModules } from '../rating/day-record';
import type { DayContext, DayResult } from './driver';

/** Languages with their own prompt folder under `prompts/`; everything else reads `en`. */
export type PromptLanguage = 'de' | 'en';
const LANGUAGES: readonly PromptLanguage[] = ['de', 'en'];
const TEMPLATES = ['day-system', 'day', 'rating-system', 'rating'] as const;
type TemplateName = (typeof TEMPLATES)[number];

/** Bounds of the "3-8 tool calls" the day prompt asks for (the upper one also capped by the budget). */
export const DAY_MIN_CALLS = 3;
export const DAY_MAX_CALLS = 8;

const promptsDir = new URL('../../prompts/', import.meta.url);
const cache = new Map<string, string>();

/** The persona's prompt language from its locale (`de-DE` -> `de`). */
export function languageOf(locale: string): PromptLanguage {
  return locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** Fills `{{name}}` placeholders; a placeholder without a value is a bug and throws. */
export function renderTemplate(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    if (!(key in vars)) throw new Error(`Prompt placeholder {{${key}}} has no value`);
    return String(vars[key]);
  });
}

function template(language: PromptLanguage, name: TemplateName): string {
  const key = `${language}/${name}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = readFileSync(new URL(`${key}.md`, promptsDir), 'utf8').trimEnd();
    cache.set(key, text);
  }
  return text;
}

let templatesHash: string | undefined;

/**
 * A hash of every prompt template (each language, each template, as read):
 * the model drivers' part of a tick's simulator fingerprint. It names the
 * templates, not a persona's filled-in prompt, so every persona of one build
 * shares it and an edit to any template changes it.
 */
export function promptTemplatesHash(): string {
  if (templatesHash === undefined) {
    const texts: Record<string, string> = {};
    for (const language of LANGUAGES) for (const name of TEMPLATES) texts[`${language}/${name}`] = template(language, name);
    templatesHash = shortHash(canonicalJson(texts));
  }
  return templatesHash;
}

/** Weekday, date and time as the persona reads them on its own clock. */
export function localClock(now: Date, persona: Pick<PersonaProfile, 'locale' | 'timeZone'>): { localDate: string; localTime: string } {
  const options = { timeZone: persona.timeZone } as const;
  return {
    localDate: new Intl.DateTimeFormat(persona.locale, { ...options, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(now),
    localTime: new Intl.DateTimeFormat(persona.locale, { ...options, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now),
  };
}

/** The module mix as preference lines, heaviest first: `- todo: 3 (50 %)`. */
export function renderModuleMix(mix: Record<string, number>): string {
  const total = Object.values(mix).reduce((sum, weight) => sum + weight, 0);
  return Object.entries(mix)
    .sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b))
    .map(([module, weight]) => `- ${module}: ${weight} (${Math.round((weight / total) * 100)} %)`)
    .join('\n');
}

/** System and user prompt of the "simulate a day" session. */
export function renderDayPrompt(ctx: Pick<DayContext, 'persona' | 'now' | 'budgets'>): { system: string; prompt: string } {
  const { persona } = ctx;
  const language = languageOf(persona.locale);
  const maxCalls = Math.max(1, Math.min(DAY_MAX_CALLS, ctx.budgets.maxToolCalls));
  return {
    system: renderTemplate(template(language, 'day-system'), { systemPrompt: persona.systemPrompt }),
    prompt: renderTemplate(template(language, 'day'), {
      ...localClock(ctx.now, persona),
      timeZone: persona.timeZone,
      name: persona.name,
      moduleMix: renderModuleMix(persona.moduleMix),
      minCalls: Math.min(DAY_MIN_CALLS, maxCalls),
      maxCalls,
    }),
  };
}

/** System and user prompt of the rating turn: the day's record in, strict JSON out. */
export function renderRatingPrompt(persona: PersonaProfile, day: Pick<DayResult, 'actions' | 'termination' | 'error' | 'summary'>): { system: string; prompt: string } {
  const language = languageOf(persona.locale);
  return {
    system: renderTemplate(template(language, 'rating-system'), { systemPrompt: persona.systemPrompt }),
    prompt: renderTemplate(template(language, 'rating'), {
      dayRecord: summarizeDay(day),
      summary: day.summary.trim() || '-',
      modules: usedModules(day.actions).join(', '),
    }),
  };
}
