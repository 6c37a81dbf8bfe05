import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputJsonSchema, withoutFormatPatterns } from './json-schema';
import { manaRegistry } from './index';

const jsonOf = (schema: z.ZodType) => z.toJSONSchema(schema) as { properties: Record<string, Record<string, unknown>> };

describe('withoutFormatPatterns', () => {
  it("drops zod's own regex beside date, date-time, uuid and email, and keeps the format", () => {
    const json = jsonOf(z.object({ day: z.iso.date(), at: z.iso.datetime({ offset: true }), id: z.uuid(), mail: z.email() }));
    for (const field of Object.values(json.properties)) expect(field.pattern).toEqual(expect.any(String));
    const compact = withoutFormatPatterns(json);
    expect(compact.properties).toEqual({
      day: { type: 'string', format: 'date' },
      at: { type: 'string', format: 'date-time' },
      id: { type: 'string', format: 'uuid' },
      mail: { type: 'string', format: 'email' },
    });
  });

  it("keeps every pattern that is not zod's own for its format: a time (no format), an author's regex, a foreign pattern beside a format", () => {
    const json = jsonOf(z.object({ time: z.iso.time(), code: z.string().regex(/^[a-z]+$/) }));
    expect(withoutFormatPatterns(json)).toEqual(json);
    const foreign = { type: 'string', format: 'date', pattern: '^2026-' };
    expect(withoutFormatPatterns(foreign)).toEqual(foreign);
  });

  it('leaves values alone: a field named "pattern", examples, defaults, enums; and does not change its input', () => {
    const schema = {
      type: 'object',
      properties: {
        pattern: { type: 'string', examples: [{ format: 'date', pattern: 'x' }] },
        day: { type: 'string', format: 'date', pattern: jsonOf(z.object({ d: z.iso.date() })).properties.d.pattern },
      },
      default: { format: 'uuid', pattern: 'y' },
    };
    const before = structuredClone(schema);
    const compact = withoutFormatPatterns(schema) as typeof schema;
    expect(schema).toEqual(before);
    expect(compact.properties.pattern).toEqual(schema.properties.pattern);
    expect(compact.default).toEqual(schema.default);
    expect(compact.properties.day).toEqual({ type: 'string', format: 'date' });
  });

  it("leaves no format-restating regex in Mana's tool schemas, which shrink by a third", () => {
    const tools = manaRegistry.exposedTools();
    const compact = JSON.stringify(tools.map((t) => [inputJsonSchema(t), withoutFormatPatterns(z.toJSONSchema(t.output, { io: 'output' }) as Record<string, unknown>)]));
    const full = JSON.stringify(tools.map((t) => [z.toJSONSchema(t.input, { io: 'input' }), z.toJSONSchema(t.output, { io: 'output' })]));
    expect(compact).not.toMatch(/"format":"(date|date-time|uuid|email)","pattern"/);
    expect(full).toMatch(/"format":"(date|date-time|uuid|email)","pattern"/);
    expect(compact.length).toBeLessThan(full.length * 0.7);
  });
});
