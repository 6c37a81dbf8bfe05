import { describe, expect, it } from 'vitest';
import { manaRegistry, inputJsonSchema } from '@mana/tools';
import { phraseBank } from './phrases';
import { seededRandom } from '@mana/core';
import { generateArgs, type ArgContext, type JsonSchema } from './schema-args';

const context = (over: Partial<ArgContext> = {}): ArgContext => ({
  module: 'todo',
  readOnly: false,
  random: seededRandom('seed-1'),
  bank: phraseBank('de'),
  today: '2026-11-26',
  now: new Date('2026-11-26T09:10:00Z'),
  idFor: () => undefined,
  ...over,
});

const schema: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 12 },
    dueDate: { type: 'string', format: 'date' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    priority: { type: 'string', enum: ['low', 'medium', 'high'] },
    score: { type: 'integer', minimum: 1, maximum: 5 },
    email: { type: 'string', format: 'email' },
    tags: { type: 'array', maxItems: 2, items: { type: 'string', minLength: 1, maxLength: 40 } },
    notes: { anyOf: [{ type: 'string', maxLength: 50 }, { type: 'null' }] },
  },
  required: ['title', 'dueDate', 'startsAt', 'endsAt', 'priority', 'score', 'email', 'tags', 'notes'],
};

describe('generateArgs', () => {
  it('honours types, enums, formats, limits and required fields', () => {
    for (let i = 0; i < 50; i++) {
      const args = generateArgs(schema, context({ random: seededRandom(`s${i}`) }))!;
      expect((args.title as string).length).toBeGreaterThanOrEqual(1);
      expect((args.title as string).length).toBeLessThanOrEqual(12);
      expect(args.dueDate).toMatch(/^2026-(11|12)-\d{2}$/);
      expect((args.dueDate as string) >= '2026-11-26').toBe(true);
      expect(Date.parse(args.endsAt as string)).toBeGreaterThan(Date.parse(args.startsAt as string));
      expect(['low', 'medium', 'high']).toContain(args.priority);
      expect(Number.isInteger(args.score) && (args.score as number) >= 1 && (args.score as number) <= 5).toBe(true);
      expect(args.email).toMatch(/^[a-z.]+@beispiel\.de$/);
      expect((args.tags as string[]).length).toBeLessThanOrEqual(2);
      expect(typeof args.notes).toBe('string');
    }
  });

  it('writes German content for a German persona and English for an English one', () => {
    const de = generateArgs({ type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }, context())!;
    const en = generateArgs({ type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }, context({ bank: phraseBank('en') }))!;
    expect(phraseBank('de').modules.todo.title).toContain(de.title);
    expect(phraseBank('en').modules.todo.title).toContain(en.title);
  });

  it('fills <entity>Id from known ids and gives up when a required id is unknown', () => {
    const s: JsonSchema = { type: 'object', properties: { todoId: { type: 'string', format: 'uuid' } }, required: ['todoId'] };
    expect(generateArgs(s, context())).toBeUndefined();
    expect(generateArgs(s, context({ idFor: (field) => (field === 'todoId' ? 'id-1' : undefined) }))).toEqual({ todoId: 'id-1' });
  });

  it('always sends at least one change to an update tool', () => {
    const update = inputJsonSchema(manaRegistry.tool('todo_update')!) as JsonSchema;
    for (let i = 0; i < 30; i++) {
      const args = generateArgs(update, context({ random: seededRandom(`u${i}`), idFor: () => '3f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37' }))!;
      expect(Object.keys(args).length).toBeGreaterThan(1);
    }
  });

  it('produces arguments every exposed tool of the registry accepts', () => {
    const id = '3f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    for (const tool of manaRegistry.exposedTools()) {
      for (let i = 0; i < 20; i++) {
        const args = generateArgs(
          inputJsonSchema(tool) as JsonSchema,
          context({ module: tool.module, readOnly: tool.policy === 'read', random: seededRandom(`${tool.name}${i}`), idFor: () => id }),
        );
        const parsed = tool.input.safeParse(args);
        expect(parsed.success, `${tool.name}: ${JSON.stringify(args)} ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it('is deterministic for a seed', () => {
    expect(generateArgs(schema, context({ random: seededRandom('x') }))).toEqual(generateArgs(schema, context({ random: seededRandom('x') })));
    expect(generateArgs(schema, context({ random: seededRandom('x') }))).not.toEqual(generateArgs(schema, context({ random: seededRandom('y') })));
  });
});
