import { describe, expect, it } from 'vitest';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import { createCachedValidator } from './cached-validator';

describe('createCachedValidator', () => {
  it('compiles an equal schema once and still validates', () => {
    let compiled = 0;
    const inner: jsonSchemaValidator = {
      getValidator: <T>() => {
        compiled++;
        return (input: unknown) =>
          typeof input === 'number'
            ? { valid: true as const, data: input as T, errorMessage: undefined }
            : { valid: false as const, data: undefined, errorMessage: 'not a number' };
      },
    };
    const cached = createCachedValidator(inner);
    const a = cached.getValidator({ type: 'number' });
    const b = cached.getValidator(JSON.parse('{"type":"number"}'));
    const c = cached.getValidator({ type: 'string' });
    expect(compiled).toBe(0); // nothing is compiled (or keyed) before a validator is used
    expect(a(3).valid).toBe(true);
    expect(a('x')).toMatchObject({ valid: false, errorMessage: 'not a number' });
    expect(b(4).valid).toBe(true);
    expect(compiled).toBe(1); // an equal schema, from another session's list, shares the compiled one
    c(1);
    expect(compiled).toBe(2);
  });

  it('validates with the real ajv provider by default', () => {
    const validate = createCachedValidator().getValidator<{ id: string }>({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });
    expect(validate({ id: 'x' }).valid).toBe(true);
    expect(validate({}).valid).toBe(false);
  });
});
