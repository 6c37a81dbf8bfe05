import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry, TOOL_NAME_PATTERN } from './registry';
import { defineModule, defineTool } from './tool';
import { inputJsonSchema, outputJsonSchema } from './json-schema';
import { manaModules, manaRegistry, moduleOfTool } from './index';

const tool = (name: string) =>
  defineTool({ name, title: name, description: name, policy: 'read', input: z.object({}), output: z.object({}), handler: async () => ({}) });

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
    const bad = defineTool({ name: 'm_bad', title: 'Bad', description: 'Bad', policy: 'read', input: z.object({ when: z.date() }), output: z.object({}), handler: async () => ({}) });
    expect(() => createRegistry([defineModule({ id: 'm', title: 'M', description: 'M', tools: [bad] })])).toThrow();
  });

  it('hides destructive tools from exposedTools', () => {
    expect(manaRegistry.exposedTools().some((t) => t.policy === 'destructive')).toBe(false);
    expect(manaRegistry.tools().filter((t) => t.policy === 'destructive').map((t) => t.name)).toEqual(['todo_delete']);
  });
});

describe('manaRegistry', () => {
  const tools = manaRegistry.tools();

  it('has at least eight modules and ~30 tools', () => {
    expect(manaRegistry.moduleIds()).toEqual(manaModules.map((m) => m.id));
    expect(manaRegistry.moduleIds().length).toBeGreaterThanOrEqual(8);
    expect(tools.length).toBeGreaterThanOrEqual(30);
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s: named <module>_<verb>, in an existing module, documented', (name, t) => {
    expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(manaRegistry.hasModule(t.module)).toBe(true);
    expect(name.startsWith(`${t.module}_`)).toBe(true);
    expect(moduleOfTool(name)).toBe(t.module);
    expect(manaRegistry.toolsOf(t.module)).toContain(t);
    expect(t.title.length).toBeGreaterThan(3);
    expect(t.description.length).toBeGreaterThan(60);
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s: input JSON Schema carries a description, example and limits for every field', (_name, t) => {
    const schema = inputJsonSchema(t) as JsonSchema;
    expect(schema.type).toBe('object');
    expect(outputJsonSchema(t)).toMatchObject({ type: 'object' });
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

  it('moduleOfTool is undefined for an unknown tool', () => {
    expect(moduleOfTool('nope_nothing')).toBeUndefined();
    expect(manaRegistry.toolsOf('nope')).toEqual([]);
  });
});
