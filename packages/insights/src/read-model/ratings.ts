import type { ModuleRatingSeries, RatingNote } from '@mana/contracts';
import type { DashboardDeps, Window } from '../window';
import { iso, num, numOrNull } from '../sql-values';

/** Whose ratings: everyone's, one module's, or one persona's. */
export interface RatingFilter {
  module?: string;
  personaId?: string;
}

function filterSql(filter: RatingFilter, params: unknown[]): string {
  let where = '';
  if (filter.module !== undefined) where += ` and f.module = $${params.push(filter.module)}`;
  if (filter.personaId !== undefined) where += ` and f.persona_id = $${params.push(filter.personaId)}`;
  return where;
}

/**
 * Daily mean and count of rated rows per module over the window (parse errors
 * never count), each module's points laid on every day of the window.
 */
export async function ratingSeries(deps: DashboardDeps, window: Window, filter: RatingFilter = {}): Promise<ModuleRatingSeries[]> {
  const params: unknown[] = [window.since];
  const rows = await deps.database.query(
    `select f.module, to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, avg(f.rating)::float8 as avg, count(*) as ratings
     from persona_feedback f where f.created_at >= $1 and f.status = 'rated'${filterSql(filter, params)}
     group by 1, 2`,
    params,
  );
  const modules = [...new Set(rows.map((row) => String(row.module)))].sort();
  return modules.map((module) => {
    const byDay = new Map(rows.filter((row) => row.module === module).map((row) => [String(row.day), row]));
    return {
      module,
      points: window.days.map((day) => {
        const row = byDay.get(day);
        return { day, averageRating: row ? numOrNull(row.avg) : null, ratings: row ? num(row.ratings) : 0 };
      }),
    };
  });
}

/** Rated rows with their notes in the window: complaints first (lowest rating), then newest. */
export async function ratingNotes(deps: DashboardDeps, window: Window, filter: RatingFilter, limit: number): Promise<RatingNote[]> {
  const params: unknown[] = [window.since];
  const where = filterSql(filter, params);
  const rows = await deps.database.query(
    `select f.tick_id, f.persona_id, u.name as persona_name, f.module, f.rating, f.notes, f.created_at
     from persona_feedback f join users u on u.id = f.persona_id
     where f.created_at >= $1 and f.status = 'rated'${where}
     order by f.rating asc, f.created_at desc, f.id limit ${limit}`,
    params,
  );
  return rows.map((row) => ({
    tickId: String(row.tick_id),
    personaId: String(row.persona_id),
    personaName: String(row.persona_name),
    module: String(row.module),
    rating: num(row.rating),
    notes: (row.notes as string | null) ?? null,
    createdAt: iso(row.created_at),
  }));
}
