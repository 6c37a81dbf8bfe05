import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PersonaProfile } from '@mana/contracts';
import { canonicalJson, shortHash } from '@mana/core';
import { languageOf, promptTemplatesHash, renderDayPrompt, renderModuleMix, renderRatingPrompt, renderTemplate } from './prompts';

const persona: PersonaProfile = {
  userId: 'u1',
  email: 'lena@personas.mana.test',
  name: 'Lena Vogel',
  archetype: 'adhd-student',
  systemPrompt: 'Du bist Lena, 23, Studentin mit ADHS.',
  moduleMix: { todo: 3, notes: 1, habits: 2 },
  tickCadence: 'daily',
  timeZone: 'Europe/Berlin',
  locale: 'de-DE',
  lastActiveAt: null,
};
const budgets = { maxTurns: 20, maxToolCalls: 12, maxTokens: 0 };

describe('renderDayPrompt', () => {
  it('speaks German with the local date in the persona time zone, weighted modules and 3-8 calls', () => {
    // 23:30 UTC on 26 Nov is already Friday 27 Nov in Berlin.
    const { system, prompt } = renderDayPrompt({ persona, now: new Date('2026-11-26T23:30:00Z'), budgets });
    expect(system.startsWith('Du bist Lena, 23, Studentin mit ADHS.')).toBe(true);
    expect(prompt).toContain('Heute ist Freitag, 27. November 2026, es ist 00:30 Uhr (Europe/Berlin)');
    expect(prompt).toContain('- todo: 3 (50 %)\n- habits: 2 (33 %)\n- notes: 1 (17 %)');
    expect(prompt).toContain('zwischen 3 und 8 Tool-Aufrufe');
    expect(prompt).not.toMatch(/\{\{/);
  });

  it('speaks English for an English persona and caps the calls by the budget', () => {
    const en = { ...persona, locale: 'en-US', timeZone: 'America/New_York' };
    const { prompt } = renderDayPrompt({ persona: en, now: new Date('2026-11-26T23:30:00Z'), budgets: { ...budgets, maxToolCalls: 5 } });
    expect(prompt).toContain('Today is Thursday, November 26, 2026, it is 18:30 (America/New_York)');
    expect(prompt).toContain('between 3 and 5 tool calls');
  });
});

describe('renderRatingPrompt', () => {
  it('carries the day record, the used modules and the strict JSON shape', () => {
    const { prompt } = renderRatingPrompt(persona, {
      summary: 'Zwei Aufgaben angelegt.',
      termination: 'completed',
      actions: [
        { callId: 'a', toolName: 'todo_create', module: 'todo', input: { title: 'Lernen' }, inputHash: 'h', result: 'ok', outputSummary: '{"id":"t1"}' },
        { callId: 'b', toolName: 'habits_check', module: 'habits', input: {}, inputHash: 'h', result: 'error', errorMessage: 'boom' },
      ],
    });
    expect(prompt).toContain('1. todo_create [todo] OK');
    expect(prompt).toContain('error: boom');
    expect(prompt).toContain('(todo, habits)');
    expect(prompt).toContain('{"ratings": [{"module": "<modul>", "rating": <1-5>, "notes": "<notiz>"}]}');
  });
});

describe('helpers', () => {
  it('falls back to English and refuses unknown placeholders', () => {
    expect(languageOf('fr-FR')).toBe('en');
    expect(languageOf('de-AT')).toBe('de');
    expect(() => renderTemplate('{{missing}}', {})).toThrow(/missing/);
    expect(renderModuleMix({ a: 1 })).toBe('- a: 1 (100 %)');
  });
});

describe('promptTemplatesHash', () => {
  it('is 16 hex digits over every template of every language, the same for every persona', () => {
    const hash = promptTemplatesHash();
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    const texts: Record<string, string> = {};
    for (const language of ['de', 'en'] as const) {
      for (const name of ['day-system', 'day', 'rating-system', 'rating']) {
        texts[`${language}/${name}`] = readFileSync(new URL(`../../prompts/${language}/${name}.md`, import.meta.url), 'utf8').trimEnd();
      }
    }
    expect(hash).toBe(shortHash(canonicalJson(texts)));
    // Rendering a persona's prompt changes nothing.
    renderDayPrompt({ persona, now: new Date('2026-11-26T23:30:00Z'), budgets });
    expect(promptTemplatesHash()).toBe(hash);
  });
});
