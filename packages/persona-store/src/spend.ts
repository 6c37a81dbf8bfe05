import { sql } from 'drizzle-orm';
import type { SpendResponse } from '@mana/contracts';
import { rowsOf } from '@mana/db';
import type { PersonaDeps } from './persona-deps';

/**
 * The LLM cost of every tick finished on the current UTC day (by the injected
 * clock), whatever runner played it: the runners' shared daily budget. A tick
 * still in flight counts once it completes.
 */
export async function dailySpend(deps: PersonaDeps): Promise<SpendResponse> {
  const day = deps.now().toISOString().slice(0, 10);
  const start = `${day}T00:00:00.000Z`;
  const end = new Date(Date.parse(start) + 86_400_000).toISOString();
  const [row] = await rowsOf<{ spent: number | string }>(
    deps.database.db,
    sql`select coalesce(sum(cost_usd), 0)::float8 as spent from persona_ticks where finished_at >= ${start}::timestamptz and finished_at < ${end}::timestamptz`,
  );
  return { day, spentUsd: Number(row?.spent ?? 0) };
}
