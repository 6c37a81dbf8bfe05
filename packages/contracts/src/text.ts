import { z } from 'zod';

/** A UTF-16 surrogate half without its partner (JSON allows `"\ud800"`; UTF-8 and PostgreSQL do not). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True when PostgreSQL can store the string as `text` or inside `jsonb`: no NUL
 * character and no lone UTF-16 surrogate. Both arrive legally in JSON and in
 * `%00` path segments, and both fail in the database (a 500) if not refused first.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** The message every refusal of such a string carries. */
export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or lone UTF-16 surrogates';

/**
 * The one string schema for input that may reach the database: a string
 * without NUL or lone surrogates. Chain limits as on `z.string()`.
 */
export const storableString = () => z.string().refine(isStorableText, { message: STORABLE_TEXT_MESSAGE, abort: true });

/** An id taken from a URL path (`/:id`, `/ticks/:tickId`): storable text, 1-300 characters. */
export const pathId = storableString().min(1).max(300);
