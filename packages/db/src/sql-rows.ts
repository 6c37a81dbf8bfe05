import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from './client';

/** Runs a raw drizzle `sql` statement and returns its rows (same shape on PostgreSQL and PGlite). */
export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Timestamps come back as Date (node-postgres, PGlite) or string; this takes either. */
export function toDate(value: Date | string): Date;
export function toDate(value: Date | string | null): Date | null;
export function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

/** ISO string or null. */
export function toIso(value: Date | string | null): string | null {
  return value === null ? null : toDate(value).toISOString();
}

/**
 * A `text[]` parameter (one bind value, properly quoted). Unlike a jsonb
 * set-returning function, `= any(array)` lets the planner use the index.
 */
export function textArray(values: string[]): SQL {
  const literal = `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}
