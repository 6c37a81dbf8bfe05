import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TOOL_NAME_PATTERN } from '@mana/contracts';
import { createRegistry } from './registry';
import { defineModule, defineTool } from './tool';
import { inputJsonSchema } from './json-schema';
import { manaRegistry } from './index';
import { AppError, createLogger } from '@mana/core';
import type { Db } from '@mana/db';
import { catchAppError, createToolContext } from './testing';

const silent = createLogger('test', { level: 'silent' });

const tool = (name: string) => defineTool({ name, title: name, description: name, policy: 'read', input: z.object({}), output: z.object({}), handler: async () => ({}) });

type JsonSchema = { type?: string; properties?: Record<string, JsonProperty>; required?: string[] };
type JsonProperty = { description?: string; examples?: unknown[]; format?: string; type?: string; maxLength?: number; anyOf?: JsonProperty[] };

describe('createRegistry', () => {
  it('throws on a duplicate tool name, also across modules', () => {
    const a = defineModule({ id: 'a', title: 'A', description: 'A', tools: [tool('same_name')] });
    const b = defineModule({ id: 'b', title: 'B', description: 'B', tools: [tool('same_name')] });
    expect(() => createRegistry([a, b])).toThrow('Duplicate tool name: same_name');
  });

  it('throws on a duplicate module id', () => {
    const a = defineModule({ id: 'a', title: 'A', description: 'A', tools: [tool('a_one')] });
    const again = defineModule({ id: 'a', title: 'A', description: 'A', tools: [tool('a_two')] });
    expect(() => createRegistry([a, again])).toThrow('Duplicate module id: a');
  });

  it.each(['todo.create', 'todo create', '', 'x'.repeat(65), 'tödo'])('throws on the bad tool name %j', (name) => {
    const module = defineModule({ id: 'm', title: 'M', description: 'M', tools: [tool(name)] });
    expect(() => createRegistry([module])).toThrow('Invalid tool name');
  });

  it('throws at start-up on an input schema that has no JSON Schema', () => {
    const bad = defineTool({
      name: 'm_bad',
      title: 'Bad',
      description: 'Bad',
      policy: 'read',
      input: z.object({ when: z.date() }),
      output: z.object({}),
      handler: async () => ({}),
    });
    expect(() => createRegistry([defineModule({ id: 'm', title: 'M', description: 'M', tools: [bad] })])).toThrow();
  });

  it('turns an unexpected failure into INTERNAL without leaking its message, and logs it', async () => {
    const logged: string[] = [];
    const ctx = {
      ...createToolContext({ db: {} as Db, userId: 'u', spaceId: 's' }),
      log: { ...silent, error: (msg: string, fields?: Record<string, unknown>) => void logged.push(`${msg} ${JSON.stringify(fields)}`) },
    };
    const crashing = defineTool({
      ...tool('m_crash'),
      handler: async () => {
        throw new Error('relation "secret_table" does not exist');
      },
    });
    const lying = defineTool({ ...tool('m_lie'), output: z.object({ count: z.int() }), handler: async () => ({ count: 'many' as unknown as number }) });
    const registry = createRegistry([defineModule({ id: 'm', title: 'M', description: 'M', tools: [crashing, lying] })]);
    const crash = await catchAppError(registry.invoke('m_crash', {}, ctx));
    expect(crash).toMatchObject({ code: 'INTERNAL', message: 'The tool m_crash failed unexpectedly. Please try again later.' });
    expect(crash.message).not.toContain('secret_table');
    expect(logged[0]).toContain('secret_table');
    expect(await catchAppError(registry.invoke('m_lie', {}, ctx))).toMatchObject({ code: 'INTERNAL' });
  });

  it('passes AppErrors through and refuses unknown tools and bad arguments', async () => {
    const ctx = createToolContext({ db: {} as Db, userId: 'u', spaceId: 's' });
    const refusing = defineTool({
      ...tool('m_refuse'),
      input: z.object({ n: z.int() }),
      handler: async () => {
        throw new AppError('CONFLICT', 'No.');
      },
    });
    const registry = createRegistry([defineModule({ id: 'm', title: 'M', description: 'M', tools: [refusing] })]);
    expect(await catchAppError(registry.invoke('m_refuse', { n: 1 }, ctx))).toMatchObject({ code: 'CONFLICT', message: 'No.' });
    expect(await catchAppError(registry.invoke('m_refuse', { n: 'x' }, ctx))).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('Invalid arguments for m_refuse'),
    });
    expect(await catchAppError(registry.invoke('m_missing', {}, ctx))).toMatchObject({ code: 'NOT_FOUND', message: 'Unknown tool: m_missing' });
  });

  it('hides destructive tools from exposedTools', () => {
    expect(manaRegistry.exposedTools().some((t) => t.policy === 'destructive')).toBe(false);
    expect(
      manaRegistry
        .tools()
        .filter((t) => t.policy === 'destructive')
        .map((t) => t.name),
    ).toEqual(['todo_delete']);
  });
});

describe('manaRegistry', () => {
  const tools = manaRegistry.tools();

  it('has at least eight modules and ~30 tools', () => {
    expect(manaRegistry.moduleIds()).toEqual(['todo', 'notes', 'habits', 'journal', 'mood', 'calendar', 'contacts', 'spaces']);
    expect(manaRegistry.moduleIds().length).toBeGreaterThanOrEqual(8);
    expect(tools.length).toBeGreaterThanOrEqual(30);
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s: named <module>_<verb>, in an existing module, documented', (name, t) => {
    expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(manaRegistry.hasModule(t.module)).toBe(true);
    expect(name.startsWith(`${t.module}_`)).toBe(true);
    expect(manaRegistry.moduleOf(name)).toBe(t.module);
    expect(manaRegistry.toolsOf(t.module)).toContain(t);
    expect(t.title.length).toBeGreaterThan(3);
    expect(t.description.length).toBeGreaterThan(60);
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s: input JSON Schema carries a description, example and limits for every field', (_name, t) => {
    const schema = inputJsonSchema(t) as JsonSchema;
    expect(schema.type).toBe('object');
    // What other parts call directly, in both directions.
    expect(() => z.toJSONSchema(t.input)).not.toThrow();
    expect(() => z.toJSONSchema(t.output)).not.toThrow();
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      expect(property.description, key).toMatch(/Example: /);
      expect(property.examples, key).toHaveLength(1);
      const branches = property.anyOf ?? [property];
      for (const branch of branches.filter((b) => b.type === 'string' && !('enum' in b))) {
        expect(branch.format ?? branch.maxLength, `${key} needs a format or maxLength`).toBeDefined();
        if (branch.maxLength !== undefined) expect(branch.maxLength).toBeLessThanOrEqual(10_000);
      }
      if (key.endsWith('Id')) expect(branches[0].format, key).toBe('uuid');
      if (/date$|^(from|to|dueBefore|dueAfter|birthday)$/i.test(key)) expect(branches[0].format, key).toBe('date');
      if (/At$/.test(key)) expect(branches[0].format, key).toBe('date-time');
      // Each example is itself a valid value for the field.
      expect(t.input.shape[key].safeParse(property.examples?.[0]).success, `${key} example`).toBe(true);
    }
  });

  it('knows no module of an unknown tool', () => {
    expect(manaRegistry.moduleOf('nope_nothing')).toBeUndefined();
    expect(manaRegistry.toolsOf('nope')).toEqual([]);
  });
});
