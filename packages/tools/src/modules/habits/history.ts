import { and, eq, inArray, sql } from 'drizzle-orm';
import { habitCheckins, habits } from '@mana/db';
import type { ToolContext } from '../../tool';
import type { Island } from './streak';

/** What the streak tools need to know about one habit's check-ins. */
export interface HabitHistory {
  islands: Island[];
  totalCheckIns: number;
  lastCheckIn: string | null;
}

const EMPTY: HabitHistory = { islands: [], totalCheckIns: 0, lastCheckIn: null };

/**
 * Check-in history of habits of the caller's space, folded in the database
 * into islands of consecutive periods ("gaps and islands": a period minus its
 * rank times the period length is constant along a run), so a year of daily
 * check-ins comes back as a handful of rows.
 */
export async function loadHistories(ctx: ToolContext, habitIds: string[]): Promise<Map<string, HabitHistory>> {
  const histories = new Map<string, HabitHistory>(habitIds.map((id) => [id, { ...EMPTY, islands: [] }]));
  if (habitIds.length === 0) return histories;

  const step = sql<number>`case when ${habits.cadence} = 'weekly' then 7 else 1 end`;
  const period = sql<string>`case when ${habits.cadence} = 'weekly' then ${habitCheckins.day} - (extract(isodow from ${habitCheckins.day})::int - 1) else ${habitCheckins.day} end`;
  const periods = ctx.db
    .select({
      habitId: habitCheckins.habitId,
      period: period.as('period'),
      step: step.as('step'),
      checkIns: sql<number>`count(*)`.as('check_ins'),
      lastDay: sql<string>`max(${habitCheckins.day})`.as('last_day'),
    })
    .from(habitCheckins)
    .innerJoin(habits, eq(habits.id, habitCheckins.habitId))
    .where(and(eq(habitCheckins.spaceId, ctx.spaceId), inArray(habitCheckins.habitId, habitIds)))
    .groupBy(habitCheckins.habitId, period, step)
    .as('periods');
  const ranked = ctx.db
    .select({
      habitId: periods.habitId,
      period: periods.period,
      checkIns: periods.checkIns,
      lastDay: periods.lastDay,
      island: sql`${periods.period} - ${periods.step} * (dense_rank() over (partition by ${periods.habitId} order by ${periods.period}))::int`.as('island'),
    })
    .from(periods)
    .as('ranked');
  const rows = await ctx.db
    .select({
      habitId: ranked.habitId,
      first: sql<string>`min(${ranked.period})::text`,
      last: sql<string>`max(${ranked.period})::text`,
      periods: sql<number>`count(*)::int`,
      checkIns: sql<number>`sum(${ranked.checkIns})::int`,
      lastDay: sql<string>`max(${ranked.lastDay})::text`,
    })
    .from(ranked)
    .groupBy(ranked.habitId, ranked.island);

  for (const row of rows) {
    const history = histories.get(row.habitId);
    if (!history) continue;
    history.islands.push({ first: row.first, last: row.last, periods: row.periods });
    history.totalCheckIns += row.checkIns;
    if (history.lastCheckIn === null || row.lastDay > history.lastCheckIn) history.lastCheckIn = row.lastDay;
  }
  return histories;
}
