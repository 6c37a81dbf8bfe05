/** Numbers from SQL (bigint and numeric arrive as strings); null counts as 0. */
export const num = (value: unknown): number => Number(value ?? 0);

/** Numbers from SQL, null kept. */
export const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A timestamp from SQL (a Date from node-postgres and PGlite, or text) as an ISO string. */
export const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
