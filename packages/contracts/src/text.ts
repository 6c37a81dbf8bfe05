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

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * The string as PostgreSQL can store it: each lone surrogate replaced by
 * U+FFFD (as a UTF-8 decoder does) and NUL characters removed. Returns the
 * same string when nothing needed changing.
 */
export function toStorableText(value: string): string {
  if (isStorableText(value)) return value;
  return value.replace(LONE_SURROGATES, '\ufffd').replaceAll('\u0000', '');
}

/**
 * Storable text of at most `max` UTF-16 units: longer text is cut on a code-point
 * boundary (never inside a surrogate pair, an emoji's two halves) and ends in `…`.
 * The one way text is cut before it is stored or sent on.
 */
export function cutText(value: string, max: number): string {
  const text = toStorableText(value);
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Free text a client reports for storage (an error message, a rating's notes,
 * the day's record): made storable and cut to `max` characters, never refused
 * for its content, so that odd text cannot cost the rows it came with.
 */
export const storableText = (max: number) => z.string().transform((value) => cutText(value, max));

/** How deep JSON values may nest where the server stores them (request bodies are refused past `MAX_JSON_DEPTH`). */
export const MAX_STORED_JSON_DEPTH = 32;

/**
 * A copy of a JSON value that PostgreSQL can store as `jsonb`: every string
 * and key made storable, and whatever nests deeper than `maxDepth` replaced
 * by the text `[nested too deep]`, so a value nested 10,000 deep is neither
 * walked to the bottom nor refused by PostgreSQL's parser.
 */
export function toStorableJson(value: unknown, maxDepth = MAX_STORED_JSON_DEPTH): unknown {
  return storableJson(value, maxDepth, 0);
}

/** What stands where a stored JSON value nested too deep. */
export const NESTED_TOO_DEEP = '[nested too deep]';

function storableJson(value: unknown, maxDepth: number, depth: number): unknown {
  if (typeof value === 'string') return toStorableText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) return NESTED_TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => storableJson(item, maxDepth, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[toStorableText(key)] = storableJson(item, maxDepth, depth + 1);
  return out;
}
