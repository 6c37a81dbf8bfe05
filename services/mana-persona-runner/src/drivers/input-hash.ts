import { createHash } from 'node:crypto';
import { canonicalJson } from '@mana/core';

/** sha256 hex of the canonical JSON of a tool input (the `inputHash` of an action). */
export function hashInput(input: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(input ?? {}))
    .digest('hex');
}
