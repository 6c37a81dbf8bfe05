import { sql } from 'drizzle-orm';
import type { AdminPersonaListResponse, AdminPersonaSummary, TickCadence, TickStatus } from '@mana/contracts';
import { type Db, rowsOf, toIso } from '@mana/db';
import type { PersonaDeps } from './persona-deps';

/** The window of the admin summaries. */
export const WEEK_MS = 7 * 86_400_000;

/** One row of the summary select (snake_case, as PostgreSQL returns it). */
export interface SummaryRow {
  user_id: string;
  email: string;
  name: string;
  archetype: string;
  tick_cadence: TickCadence;
  time_zone: string;
  locale: string;
  last_active_at: Date | string | null;
  actions_7d: number;
  avg_rating_7d: number | null;
  ratings_7d: number;
  last_tick_status: TickStatus | null;
}

/**
 * Summary columns over `personas p join users u`: 7-day action count, the
 * 7-day mean of rated rows only (parse errors never count) and the status of
 * the latest tick. Each subquery is one index range (persona_id, created_at).
 */
export function summaryColumns(since: Date) {
  const from = sql`${since.toISOString()}::timestamptz`;
  return sql`p.user_id, u.email, u.name, p.archetype, p.tick_cadence, p.time_zone, p.locale, p.last_active_at,
    (select count(*) from persona_actions a where a.persona_id = p.user_id and a.created_at >= ${from})::int as actions_7d,
    (select avg(f.rating)::float8 from persona_feedback f where f.persona_id = p.user_id and f.status = 'rated' and f.created_at >= ${from}) as avg_rating_7d,
    (select count(*) from persona_feedback f where f.persona_id = p.user_id and f.status = 'rated' and f.created_at >= ${from})::int as ratings_7d,
    (select t.status from persona_ticks t where t.persona_id = p.user_id order by t.created_at desc limit 1) as last_tick_status`;
}

/** The contract shape of a summary row. */
export function toSummary(row: SummaryRow): AdminPersonaSummary {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    archetype: row.archetype,
    tickCadence: row.tick_cadence,
    timeZone: row.time_zone,
    locale: row.locale,
    lastActiveAt: toIso(row.last_active_at),
    actions7d: Number(row.actions_7d),
    averageRating7d: row.avg_rating_7d === null ? null : Number(row.avg_rating_7d),
    ratings7d: Number(row.ratings_7d),
    lastTickStatus: row.last_tick_status,
  };
}

/** Personas by e-mail with their last seven days (paged); `q` keeps those whose name, e-mail or archetype contains it. */
export async function listPersonas(deps: Pick<PersonaDeps, 'database' | 'now'>, input: { limit: number; offset: number; q?: string }): Promise<AdminPersonaListResponse> {
  const db: Db = deps.database.db;
  const since = new Date(deps.now().getTime() - WEEK_MS);
  const pattern = input.q ? `%${input.q.replace(/[\\%_]/g, '\\$&')}%` : null;
  const match = pattern === null ? sql`true` : sql`(u.name ilike ${pattern} or u.email ilike ${pattern} or p.archetype ilike ${pattern})`;
  const rows = await rowsOf<SummaryRow>(
    db,
    sql`select ${summaryColumns(since)} from personas p join users u on u.id = p.user_id
        where ${match} order by u.email limit ${input.limit} offset ${input.offset}`,
  );
  const [{ total }] = await rowsOf<{ total: number }>(db, sql`select count(*)::int as total from personas p join users u on u.id = p.user_id where ${match}`);
  return { personas: rows.map(toSummary), total: Number(total) };
}
