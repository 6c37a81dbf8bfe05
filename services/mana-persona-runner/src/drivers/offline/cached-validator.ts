import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';

/**
 * The MCP client compiles a validator for every tool's output schema in every
 * session; profiling showed that compile (ajv) as half of the runner's CPU per
 * offline tick. Schemas are the same across sessions, so one process-wide
 * cache keyed by the schema's JSON compiles each of them once.
 *
 * The client asks for a validator of every listed tool when it lists them, but
 * a day calls a handful: the validator handed out finds its compiled one (the
 * schema's JSON, the cache key) on its first use, so a tool never called costs
 * no `JSON.stringify` of its schema (that key was ~3 % of the runner's CPU).
 */
export function createCachedValidator(inner: jsonSchemaValidator = new AjvJsonSchemaValidator()): jsonSchemaValidator {
  const cache = new Map<string, JsonSchemaValidator<unknown>>();
  const compiled = (schema: JsonSchemaType) => {
    const key = JSON.stringify(schema);
    let validator = cache.get(key);
    if (!validator) {
      validator = inner.getValidator<unknown>(schema);
      cache.set(key, validator);
    }
    return validator;
  };
  return {
    getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
      let validator: JsonSchemaValidator<unknown> | undefined;
      return ((input: unknown) => {
        validator ??= compiled(schema);
        return validator(input);
      }) as JsonSchemaValidator<T>;
    },
  };
}

/** Shared by every offline session of this process. */
export const sharedValidator = createCachedValidator();
