import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** `%text%` for ILIKE with the wildcard characters of the user's text escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The jsonb tag array contains `tag`. */
export function hasTag(column: AnyPgColumn, tag: string): SQL {
  return sql`${column} @> ${JSON.stringify([tag])}::jsonb`;
}

/** Tags as stored: trimmed, de-duplicated, in the given order. */
export function normalizeTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((tag) => tag.trim()))];
}

/** Number of rows matching the query before LIMIT, on every row: list tools get page and total in one round trip. */
export const totalBeforeLimit = () => sql<number>`(count(*) over ())::int`;

/** The total of a page read with `totalBeforeLimit` (an empty page matched nothing: no offsets are used). */
export const totalOf = (rows: { total: number }[]) => rows[0]?.total ?? 0;
