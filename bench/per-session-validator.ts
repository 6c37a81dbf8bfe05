/**
 * The MCP client's validator behaviour before commit 8a87d1a, for the runner CPU benchmark:
 * a `Client` without a `jsonSchemaValidator` option builds its own `AjvJsonSchemaValidator`
 * (a new Ajv + formats) and compiles every tool's output schema on each session's tools/list.
 * `cacheToolMetadata` asks for all of a listing's validators in one synchronous loop, so a
 * fresh Ajv per synchronous batch is a fresh Ajv per session. Swapped into the offline
 * driver's `sharedValidator` by the bench only; the runner's source is unchanged.
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';

export interface ValidatorSwap {
  /** getValidator calls while swapped in (shows the swap reached the driver's clients). */
  compiled(): number;
  restore(): void;
}

/** Replaces `target.getValidator` with an uncached per-session compile until `restore()`. */
export function swapInPerSessionValidator(target: jsonSchemaValidator): ValidatorSwap {
  const original = target.getValidator.bind(target);
  let batch: AjvJsonSchemaValidator | undefined;
  let compiled = 0;
  target.getValidator = <T>(schema: JsonSchemaType): JsonSchemaValidator<T> => {
    if (!batch) {
      batch = new AjvJsonSchemaValidator();
      queueMicrotask(() => (batch = undefined));
    }
    compiled++;
    return batch.getValidator<T>(schema);
  };
  return {
    compiled: () => compiled,
    restore: () => {
      target.getValidator = original;
    },
  };
}
