const DAY_MS = 86_400_000;

/** What the dashboard verbs read: the database and the clock. */
export interface DashboardDeps {
  database: { query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> };
  now: () => Date;
}

/** A window of `days` back from now, the same length before it, and its UTC day buckets (oldest first, no gaps). */
export interface Window {
  since: string;
  previousSince: string;
  days: string[];
}

/** The window ending now; `days` lists every UTC date it touches. */
export function windowOf(now: Date, days: number): Window {
  const since = new Date(now.getTime() - days * DAY_MS);
  const list: string[] = [];
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= now.getTime(); t += DAY_MS) {
    list.push(new Date(t).toISOString().slice(0, 10));
  }
  return { since: since.toISOString(), previousSince: new Date(since.getTime() - days * DAY_MS).toISOString(), days: list };
}

/** Numbers from SQL (bigint and numeric arrive as strings); null stays null. */
export const num = (value: unknown): number => Number(value ?? 0);
export const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
export const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
