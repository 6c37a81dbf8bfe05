import type { Database } from '@mana/db';

/** What the database already holds, read before a simulation starts. */
export interface History {
  personas: number;
  ticks: number;
  /** The latest instant a tick was played at (simulated or real). */
  lastTickAt?: Date;
}

/** One simulated day as stored: what the report and the dashboard will read. */
export interface DayReport {
  day: number;
  days: number;
  from: Date;
  until: Date;
  ticks: number;
  failedTicks: number;
  actions: number;
  toolErrors: number;
  ratings: number;
  /** Wall-clock time the day took to play. */
  wallMs: number;
}

export async function readHistory(database: Database): Promise<History> {
  const [row] = await database.query<{ personas: number; ticks: number; last: string | Date | null }>(
    `select (select count(*)::int from personas) as personas, (select count(*)::int from persona_ticks) as ticks,
            (select max(started_at) from persona_ticks) as last`,
  );
  return { personas: Number(row.personas), ticks: Number(row.ticks), lastTickAt: row.last ? new Date(row.last) : undefined };
}

/** Ticks, actions and ratings written in a window (by their simulated timestamps). */
export async function countWindow(database: Database, window: { from: Date; until: Date }): Promise<Omit<DayReport, 'day' | 'days' | 'from' | 'until' | 'wallMs'>> {
  const [row] = await database.query<Record<'ticks' | 'failed' | 'actions' | 'errors' | 'ratings', number>>(
    `select
       (select count(*)::int from persona_ticks where created_at >= $1 and created_at < $2) as ticks,
       (select count(*)::int from persona_ticks where created_at >= $1 and created_at < $2 and status = 'failed') as failed,
       (select count(*)::int from persona_actions where created_at >= $1 and created_at < $2) as actions,
       (select count(*)::int from persona_actions where created_at >= $1 and created_at < $2 and result = 'error') as errors,
       (select count(*)::int from persona_feedback where created_at >= $1 and created_at < $2 and status = 'rated') as ratings`,
    [window.from.toISOString(), window.until.toISOString()],
  );
  return { ticks: Number(row.ticks), failedTicks: Number(row.failed), actions: Number(row.actions), toolErrors: Number(row.errors), ratings: Number(row.ratings) };
}
