import type { Database } from '@mana/db';

/** Every table tools write to; all carry `space_id`. */
const APP_TABLES = ['todos', 'notes', 'habits', 'habit_checkins', 'journal_entries', 'mood_entries', 'calendar_events', 'contacts', 'tool_budgets'] as const;

/**
 * A hash of every app row (of one space, or of all spaces): equal before and
 * after means nothing was written, not even an update or a budget counter.
 */
export async function dataFingerprint(database: Database, spaceId?: string): Promise<string> {
  const parts: string[] = [];
  for (const table of APP_TABLES) {
    const rows = await database.query<{ n: number; h: string | null }>(
      `select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${table} t where $1::text is null or t.space_id = $1::text`,
      [spaceId ?? null],
    );
    parts.push(`${table}:${rows[0]?.n}:${rows[0]?.h ?? ''}`);
  }
  return parts.join(';');
}
