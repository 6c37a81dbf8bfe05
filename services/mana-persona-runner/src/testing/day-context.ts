import type { PersonaProfile } from '@mana/contracts';
import type { DayBudgets, DayContext, McpTarget } from '../drivers/driver';
import { manaRegistry } from '@mana/tools';

/** A persona profile for driver tests; every field can be overridden. */
export function testPersona(over: Partial<PersonaProfile> = {}): PersonaProfile {
  return {
    userId: 'user-1',
    email: 'lena@personas.mana.test',
    name: 'Lena Vogel',
    archetype: 'adhd-student',
    systemPrompt: 'Du bist Lena, 23, Studentin mit ADHS. Du planst spontan und vergisst gern Dinge.',
    moduleMix: { todo: 3, notes: 1 },
    tickCadence: 'daily',
    timeZone: 'Europe/Berlin',
    locale: 'de-DE',
    lastActiveAt: null,
    ...over,
  };
}

export const TEST_BUDGETS: DayBudgets = { maxTurns: 20, maxToolCalls: 12, maxTokens: 0 };

/** A day context against a real MCP endpoint, with the registry's module lookup. */
export function testDayContext(options: { persona: PersonaProfile; mcp: McpTarget; seed: string; now?: Date; signal?: AbortSignal; budgets?: Partial<DayBudgets> }): DayContext {
  return {
    persona: options.persona,
    tickId: `tick-${options.seed}`,
    attempt: 1,
    mcp: options.mcp,
    budgets: { ...TEST_BUDGETS, ...options.budgets },
    signal: options.signal ?? new AbortController().signal,
    now: options.now ?? new Date('2026-11-26T09:00:00Z'),
    moduleOf: (tool) => manaRegistry.moduleOf(tool) ?? 'unknown',
    seed: options.seed,
  };
}
