/**
 * Field builders shared by every module, so all tools speak the same input
 * conventions: each field carries a description with an example (copied into
 * the JSON Schema as `description` and `examples`), strings have limits, dates
 * are `format: date`, datetimes `format: date-time`, references are uuids.
 */
import { z } from 'zod';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '@mana/contracts';

/** Longest free text any tool accepts (bodies, notes). */
export const MAX_TEXT = 10_000;
/** Longest title or name. */
export const MAX_TITLE = 200;
/** Years a date may fall in; PostgreSQL rejects year 0 and the like. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/** Attaches a description and one example; the example also appears in the description text. */
export function field<T extends z.ZodType>(schema: T, description: string, example: unknown): T {
  return schema.meta({ description: `${description} Example: ${JSON.stringify(example)}.`, examples: [example] }) as T;
}

const yearInRange = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};
const yearMessage = `Use a year between ${MIN_YEAR} and ${MAX_YEAR}`;

/** A calendar day, `YYYY-MM-DD`. */
export const isoDate = () => z.iso.date().refine(yearInRange, yearMessage);

/** An instant with an explicit offset, `2026-05-04T09:30:00+02:00` or `...Z`. */
export const isoDateTime = () => z.iso.datetime({ offset: true }).refine(yearInRange, yearMessage);

/** A reference to an entity of this space, named `<entity>Id` by convention. */
export const entityId = (entity: string, example: string) => field(z.uuid(), `Id of the ${entity} (a uuid returned by the list, search or create tools of this module).`, example);

/** PostgreSQL cannot store NUL or lone surrogates (text or jsonb); refuse them as bad input instead of failing in the database. */
const storable = { message: `Text ${STORABLE_TEXT_MESSAGE}`, abort: true } as const;

/** Free text up to `max` (default 10,000) characters, may be empty. */
export const text = (max = MAX_TEXT) => z.string().max(max).refine(isStorableText, storable);

/** Trimmed, non-empty text of at most `max` characters: titles, names, search terms. */
export const term = (max: number) => z.string().trim().min(1).max(max).refine(isStorableText, storable);

/** A title or name: trimmed, non-empty, at most `max` (default 200) characters. */
export const title = (max = MAX_TITLE) => term(max);

/** One short label. */
export const tag = () => term(40);

/** Up to 20 short labels. */
export const tagList = () => z.array(tag()).max(20);

/** `limit` of a list tool: 1..max, default `fallback`. */
export const limit = (fallback: number, max = 100) =>
  field(z.int().min(1).max(max).default(fallback), `How many items to return at most (1-${max}, default ${fallback}).`, Math.min(10, fallback));

/** Output shape of a timestamp: always an ISO string. */
export const instant = () => z.iso.datetime({ offset: true });

/** The same field, also accepting null ("clear this value"), keeping its description and example on the outside. */
export function clearable<T extends z.ZodType>(schema: T): z.ZodNullable<T> {
  return schema.nullable().meta(schema.meta() ?? {});
}
