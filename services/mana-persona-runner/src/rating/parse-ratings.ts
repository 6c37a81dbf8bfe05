import { clampRating, cutText, MAX_NOTES_CHARS, PARSE_ERROR_MODULE } from '@mana/contracts';
import type { ModuleRating } from '../drivers/driver';

/**
 * Reads the rating turn's answer tolerantly: code fences, prose around the JSON,
 * a bare array, ratings as strings ("4/5"), out-of-range values (clamped to 1-5
 * and rounded). Modules the persona did not use today are dropped. When nothing
 * usable comes out the answer becomes one `parse_error` row with the raw text in
 * its notes: never a rating.
 */
export function parseRatings(raw: string, usedModules: readonly string[]): ModuleRating[] {
  const used = new Map(usedModules.map((module) => [module.toLowerCase(), module]));
  const entries = findRatingsArray(raw);
  if (!entries) return [parseError(raw)];

  const ratings: ModuleRating[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') continue;
    const { module, rating, notes } = entry as Record<string, unknown>;
    const name = typeof module === 'string' ? used.get(module.trim().toLowerCase()) : undefined;
    const value = toRating(rating);
    if (!name || value === undefined || ratings.some((r) => r.module === name)) continue;
    ratings.push({ module: name, rating: value, notes: typeof notes === 'string' ? cutText(notes.trim(), MAX_NOTES_CHARS) : '', status: 'rated' });
  }
  if (ratings.length === 0 && used.size > 0) return [parseError(raw)];
  return ratings;
}

function parseError(raw: string): ModuleRating {
  return { module: PARSE_ERROR_MODULE, notes: cutText(raw, MAX_NOTES_CHARS), status: 'parse_error' };
}

/** 1-5, rounded; numbers inside strings ("4", "4/5", "4.6") count, anything else does not. */
function toRating(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  if (!Number.isFinite(number)) return undefined;
  return clampRating(number);
}

/** The first JSON value in the text that is `{ratings: [...]}` or an array of rating objects. */
function findRatingsArray(raw: string): unknown[] | undefined {
  for (const candidate of jsonCandidates(raw)) {
    if (Array.isArray(candidate)) return candidate;
    if (candidate && typeof candidate === 'object' && Array.isArray((candidate as { ratings?: unknown }).ratings)) {
      return (candidate as { ratings: unknown[] }).ratings;
    }
  }
  return undefined;
}

/** Parsed JSON values found in the text: fenced blocks first, then every balanced {...} or [...]. */
function* jsonCandidates(raw: string): Generator<unknown> {
  for (const match of raw.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)) {
    const value = tryParse(match[1]);
    if (value !== undefined) yield value;
  }
  for (let start = 0; start < raw.length; start++) {
    const open = raw[start];
    if (open !== '{' && open !== '[') continue;
    const end = matchingClose(raw, start);
    if (end < 0) continue;
    const value = tryParse(raw.slice(start, end + 1));
    if (value !== undefined) {
      yield value;
      start = end;
    }
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text.trim());
  } catch {
    return undefined;
  }
}

/** Index of the bracket closing the one at `start`, aware of strings and escapes; -1 if none. */
function matchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') stack.push('}');
    else if (char === '[') stack.push(']');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}
