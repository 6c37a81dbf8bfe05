import type { PhraseBank } from './phrases';
import { phrasesFor } from './phrases';
import type { Random } from '@mana/core';

/** A tool's input JSON Schema as MCP lists it (draft 2020-12, as zod emits it). */
export type JsonSchema = Record<string, unknown>;

/** What argument generation needs besides the schema. */
export interface ArgContext {
  module: string;
  /** Read tools get fewer optional filters (so lists are not narrowed to nothing). */
  readOnly: boolean;
  random: Random;
  bank: PhraseBank;
  /** The persona's local calendar day, YYYY-MM-DD. */
  today: string;
  now: Date;
  /** A known id for an `<entity>Id` field (from earlier results), or undefined. */
  idFor(field: string, required: boolean): string | undefined;
}

/** Marks a required value that cannot be produced (an id nothing has returned yet). */
const MISSING = Symbol('missing');
type Value = unknown | typeof MISSING;

const DAY_MS = 86_400_000;
const SEARCH_FIELDS = new Set(['text', 'query', 'q', 'search', 'contains']);

/**
 * Arguments for one call from the tool's input schema: types, enums, formats
 * (date, date-time, uuid, email, uri), limits and required fields, with content
 * from the persona's phrase bank. Returns undefined when a required `<entity>Id`
 * has no known id yet (the tool is not callable now).
 */
export function generateArgs(schema: JsonSchema, ctx: ArgContext): Record<string, unknown> | undefined {
  const value = objectValue(schema, ctx, true);
  return value === MISSING ? undefined : (value as Record<string, unknown>);
}

function objectValue(schema: JsonSchema, ctx: ArgContext, root: boolean): Value {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: Record<string, unknown> = {};
  const stamps: Record<string, string> = {};
  const optionalChance = ctx.readOnly ? 0.2 : 0.55;
  for (const [name, property] of Object.entries(properties)) {
    const isRequired = required.has(name);
    if (!isRequired && !ctx.random.chance(property.default === undefined ? optionalChance : optionalChance / 2)) continue;
    const value = fieldValue(property, name, ctx, stamps, isRequired);
    if (value === MISSING) {
      if (isRequired) return MISSING;
      continue;
    }
    out[name] = value;
  }
  // A write tool whose only required field is an id (update tools) needs at least one change.
  if (root && !ctx.readOnly) {
    const optional = Object.keys(properties).filter((name) => !required.has(name) && !isIdField(name, properties[name]));
    if (optional.length > 0 && optional.every((name) => !(name in out))) {
      const name = ctx.random.pick(optional);
      const value = fieldValue(properties[name], name, ctx, stamps);
      if (value !== MISSING) out[name] = value;
    }
  }
  return out;
}

function isIdField(name: string, schema: JsonSchema): boolean {
  return (name.length > 2 && name.endsWith('Id')) || schema.format === 'uuid';
}

/** Picks the non-null branch of `anyOf`/`oneOf`/`type: [x, null]`. */
function concrete(schema: JsonSchema): JsonSchema {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches?.length) return concrete({ ...(branches.find((b) => b.type !== 'null') ?? branches[0]) });
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type.find((t) => t !== 'null') ?? 'null' };
  return schema;
}

function fieldValue(raw: JsonSchema, name: string, ctx: ArgContext, stamps: Record<string, string>, required = false): Value {
  const schema = concrete(raw);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return ctx.random.pick(schema.enum);
  switch (schema.type) {
    case 'string':
      return stringValue(schema, name, ctx, stamps, required);
    case 'integer':
    case 'number':
      return numberValue(schema, name, ctx);
    case 'boolean':
      return ctx.random.chance(0.5);
    case 'array':
      return arrayValue(schema, name, ctx);
    case 'object':
      return objectValue(schema, ctx, false);
    case 'null':
      return null;
    default:
      return schema.properties ? objectValue(schema, ctx, false) : MISSING;
  }
}

function stringValue(schema: JsonSchema, name: string, ctx: ArgContext, stamps: Record<string, string>, required: boolean): Value {
  const lower = name.toLowerCase();
  if (isIdField(name, schema)) return ctx.idFor(name, required) ?? MISSING;
  switch (schema.format) {
    case 'date':
      return dateValue(lower, ctx);
    case 'date-time': {
      const stamp = dateTimeValue(lower, ctx, stamps);
      stamps[lower] = stamp;
      return stamp;
    }
    case 'time':
      return timeValue(ctx);
    case 'email':
      return emailValue(ctx);
    case 'uri':
    case 'url':
      return `https://${ctx.bank.emailDomain}/${ctx.random.int(100, 999)}`;
  }
  if (typeof schema.pattern === 'string' && /\\d\{2\}:\\d\{2\}|\[0-2\]|:\[0-5\]/.test(schema.pattern)) return timeValue(ctx);
  if (/phone|mobile|tel/.test(lower)) return `${ctx.bank.phonePrefix}${ctx.random.int(1000000, 9999999)}`;
  let text: string;
  if (ctx.readOnly && SEARCH_FIELDS.has(lower)) text = searchWord(ctx);
  else text = ctx.random.pick(phrasesFor(ctx.bank, ctx.module, name) ?? ctx.bank.generic.content);
  return fit(text, schema);
}

/** A word the persona would search for: mostly one from its own titles in this module, so searches can hit. */
function searchWord(ctx: ArgContext): string {
  const titles = phrasesFor(ctx.bank, ctx.module, 'title') ?? phrasesFor(ctx.bank, ctx.module, 'name') ?? [];
  const words = titles.flatMap((title) => title.split(/[^\p{L}]+/u)).filter((word) => word.length >= 4);
  if (words.length > 0 && ctx.random.chance(0.8)) return ctx.random.pick(words);
  return ctx.random.pick(ctx.bank.generic.search ?? ['a']);
}

/** Respects minLength/maxLength. */
function fit(text: string, schema: JsonSchema): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  let out = text;
  while (out.length < min) out = `${out} ${text}`;
  return out.length > max ? out.slice(0, max).trimEnd() || out.slice(0, max) : out;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A day that fits the field: birthdays in the past, due days and range ends
 * ahead, range starts behind, and plain dates (journal, check-in) today or
 * shortly before, as people mostly write about today.
 */
function dateValue(name: string, ctx: ArgContext): string {
  if (/birth/.test(name)) return `${ctx.random.int(1950, 2005)}-${pad(ctx.random.int(1, 12))}-${pad(ctx.random.int(1, 28))}`;
  if (/before|until|end|to$/.test(name)) return addDays(ctx.today, ctx.random.int(3, 14));
  if (/after|from|since|start/.test(name)) return ctx.readOnly ? addDays(ctx.today, -ctx.random.int(3, 14)) : addDays(ctx.today, ctx.random.int(0, 7));
  if (/due|deadline|remind|plan|schedul/.test(name)) return addDays(ctx.today, ctx.random.int(0, 10));
  return ctx.random.chance(0.7) ? ctx.today : addDays(ctx.today, -ctx.random.int(1, 2));
}

/** Quarter-hour instants ahead of now; an end field follows the start generated just before it. */
function dateTimeValue(name: string, ctx: ArgContext, stamps: Record<string, string>): string {
  const start = Object.entries(stamps).find(([key]) => /start|begin|from/.test(key))?.[1];
  if (start && /end|until|to$/.test(name)) return new Date(Date.parse(start) + ctx.random.int(1, 4) * 30 * 60_000).toISOString();
  const quarter = 15 * 60_000;
  const base = Math.ceil(ctx.now.getTime() / quarter) * quarter;
  const offset = ctx.readOnly || /before|until|end/.test(name) ? 0 : ctx.random.int(1, 72) * 60 * 60_000;
  return new Date(base + offset).toISOString();
}

function timeValue(ctx: ArgContext): string {
  return `${pad(ctx.random.int(7, 21))}:${ctx.random.pick(['00', '15', '30', '45'])}`;
}

function emailValue(ctx: ArgContext): string {
  const name = ctx.random.pick(ctx.bank.modules.contacts?.name ?? ctx.bank.generic.name ?? ['anna']);
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local}@${ctx.bank.emailDomain}`;
}

function numberValue(schema: JsonSchema, name: string, ctx: ArgContext): number {
  const integer = schema.type === 'integer';
  const step = integer ? 1 : 0.5;
  let min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + step : 0;
  let max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - step : min + 10;
  if (name === 'limit') max = Math.min(max, Math.max(min, 20));
  // Near the documented example (a 60-minute slot, a workday from 9), within the limits.
  const example = Array.isArray(schema.examples) ? schema.examples.find((e): e is number => typeof e === 'number') : undefined;
  if (example !== undefined && example > 0 && name !== 'limit') {
    min = Math.max(min, Math.floor(example * 0.75));
    max = Math.min(max, Math.ceil(example * 1.25));
  }
  if (max < min) [min, max] = [max, min];
  if (integer) return ctx.random.int(Math.ceil(min), Math.floor(max));
  return Math.round((min + ctx.random.next() * (max - min)) * 10) / 10;
}

function arrayValue(schema: JsonSchema, name: string, ctx: ArgContext): Value {
  const items = concrete((schema.items ?? {}) as JsonSchema);
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : 3;
  const count = Math.max(minItems, Math.min(maxItems, ctx.random.int(1, 3)));
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const value = fieldValue(items, items.type === 'string' ? name : `${name}Item`, ctx, {});
    if (value === MISSING) return minItems > 0 ? MISSING : out;
    if (!out.includes(value) || !schema.uniqueItems) out.push(value);
  }
  return items.type === 'string' ? [...new Set(out)] : out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
