import { readFileSync } from 'node:fs';
import type { PromptLanguage } from '../prompts';

/** One language's phrase bank (`phrases/<lang>.json`): content the offline persona writes. */
export interface PhraseBank {
  modules: Record<string, Record<string, string[]>>;
  generic: Record<string, string[]>;
  phonePrefix: string;
  emailDomain: string;
  summary: string;
  /** The offline persona's plan for the day (the record's first message). */
  intent: string;
  /**
   * Rating notes, one per tone: `failed`/`slow` complain, `empty` is mild, `allFine` is a plain
   * "it worked" for a middling star, `allGood` praises (see offline-rating.ts's TONE_BANDS).
   */
  notes: { allGood: string; allFine: string; failed: string; slow: string; empty: string; times: Record<string, string> };
}

const banks = new Map<PromptLanguage, PhraseBank>();

/** The phrase bank of a language, read once. */
export function phraseBank(language: PromptLanguage): PhraseBank {
  let bank = banks.get(language);
  if (!bank) {
    bank = JSON.parse(readFileSync(new URL(`./phrases/${language}.json`, import.meta.url), 'utf8')) as PhraseBank;
    banks.set(language, bank);
  }
  return bank;
}

/** Field names that mean the same kind of content, looked up in this order. */
const ALIASES: string[][] = [
  ['title', 'subject', 'headline', 'summary', 'label'],
  ['content', 'body', 'text', 'entry', 'markdown'],
  ['notes', 'note', 'details', 'comment', 'description'],
  ['description', 'notes', 'note'],
  ['name', 'fullname', 'displayname'],
  ['location', 'place', 'address', 'where'],
  ['tags', 'tag', 'labels', 'label', 'category'],
];

/**
 * Phrases for one field of one module: the module's own list for the field or an
 * alias of it, then the generic list; undefined when nothing fits.
 */
export function phrasesFor(bank: PhraseBank, module: string, field: string): string[] | undefined {
  const key = field.toLowerCase();
  const own = bank.modules[module] ?? {};
  const exact = Object.entries(own).find(([name]) => name.toLowerCase() === key)?.[1];
  if (exact) return exact;
  const groups = ALIASES.filter((group) => group.includes(key));
  for (const group of groups) {
    for (const alias of group) {
      const list = Object.entries(own).find(([name]) => name.toLowerCase() === alias)?.[1];
      if (list) return list;
    }
  }
  for (const group of groups) {
    for (const alias of group) if (bank.generic[alias]) return bank.generic[alias];
  }
  return undefined;
}

/** Fills `{name}` placeholders of a phrase-bank template. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in vars ? String(vars[key]) : match));
}
