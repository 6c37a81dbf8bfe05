import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';

/**
 * The MCP client compiles a validator for every tool's output schema in every
 * session; profiling showed that compile (ajv) as half of the runner's CPU per
 * offline tick. Schemas are the same across sessions, so one process-wide
 * cache keyed by the schema's JSON compiles each of them once.
 */
export function createCachedValidator(inner: jsonSchemaValidator = new AjvJsonSchemaValidator()): jsonSchemaValidator {
  const cache = new Map<string, JsonSchemaValidator<unknown>>();
  return {
    getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
      const key = JSON.stringify(schema);
      let validator = cache.get(key);
      if (!validator) {
        validator = inner.getValidator<unknown>(schema);
        cache.set(key, validator);
      }
      return validator as JsonSchemaValidator<T>;
    },
  };
}

/** Shared by every offline session of this process. */
export const sharedValidator = createCachedValidator();
