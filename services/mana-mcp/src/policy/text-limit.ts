import { AppError } from '@mana/core';

/** No single string argument of any tool may be longer than this. */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * Refuses arguments with an over-long string anywhere inside, whatever the
 * tool's own schema says, so no tool can be used to store megabytes of text.
 */
export function assertTextWithinLimit(args: unknown, path = ''): void {
  if (typeof args === 'string') {
    if (args.length > MAX_TEXT_LENGTH) {
      throw new AppError('VALIDATION', `Argument "${path || '(input)'}" is ${args.length} characters long; at most ${MAX_TEXT_LENGTH} are allowed. Shorten it and try again.`);
    }
  } else if (Array.isArray(args)) {
    args.forEach((item, index) => assertTextWithinLimit(item, path ? `${path}.${index}` : String(index)));
  } else if (args !== null && typeof args === 'object') {
    for (const [key, inner] of Object.entries(args)) assertTextWithinLimit(inner, path ? `${path}.${key}` : key);
  }
}
