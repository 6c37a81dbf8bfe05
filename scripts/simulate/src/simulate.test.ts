/**
 * `simulate()` on the test database (PGlite, or PostgreSQL with DATABASE_URL):
 * bad options write nothing, the same seed replays the same history whatever
 * the concurrency, every row carries simulated time, faults start on their
 * day, a simulator change starts on its day, and a database with history is
 * refused unless appended to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { OFFLINE_POLICY_VERSION, OFFLINE_VARIANT_POLICY_VERSION } from '@mana/persona-runner';
import { generatePersonas } from '@mana/personas-scripts';
import { manaRegistry } from '@mana/tools';
import { DAY_MS, simulate, type DayReport, type SimulateOptions } from './index';

/** A few simulated days of the whole system; generous for a loaded shared machine (no timing is asserted). */
const SLOW = 600_000;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** Back to an empty (migrated) database between scenarios. */
async function emptyDatabase(): Promise<void> {
  const tables = await database.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public'`);
  await database.query(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} restart identity cascade`);
}

async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await database.query<Record<string, number>>(
    `select (select count(*)::int from users) as users, (select count(*)::int from personas) as personas,
            (select count(*)::int from persona_ticks) as ticks, (select count(*)::int from persona_actions) as actions`,
  );
  return row;
}

/** A rating of one module in one persona's tick, and the slowest call it judged (handler time where reported, as the persona feels it). */
interface TickRating {
  rating: number | null;
  slowestMs: number;
}

/** Below the most impatient persona's threshold (800 ms): no call of a rating at or under it felt slow. */
const NEVER_SLOW_MS = 800;

/**
 * Calls per tool, module and result, ratings per module, and ticks per slot: what "the same
 * history" means. Rating values are kept per persona, slot and module with the slowest call the
 * rating judged: a persona rates what it felt, slowness included, so a value must repeat wherever
 * no call of that module in that tick was slow in either run.
 */
async function historyFingerprint(): Promise<{ actions: string[]; ratings: string[]; ticks: string[]; ratingValues: Map<string, TickRating> }> {
  const keys = async (sql: string) => (await database.query<{ k: string }>(sql)).map((r) => r.k);
  const values = await database.query<{ k: string; rating: number | null; slowest: number | null }>(
    `select u.email || ' ' || t.slot || ' ' || f.module as k, f.rating,
            (select max(coalesce(a.handler_ms, a.latency_ms)) from persona_actions a where a.tick_id = f.tick_id and a.module = f.module) as slowest
     from persona_feedback f join persona_ticks t on t.id = f.tick_id join users u on u.id = f.persona_id`,
  );
  return {
    actions: await keys(`select tool_name || ' ' || module || ' ' || result || ' ' || count(*) as k from persona_actions group by tool_name, module, result order by 1`),
    ratings: await keys(`select module || ' ' || status || ' ' || count(*) as k from persona_feedback group by module, status order by 1`),
    ticks: await keys(`select slot || ' ' || status || ' ' || attempt as k from persona_ticks order by 1`),
    ratingValues: new Map(values.map((v) => [v.k, { rating: v.rating === null ? null : Number(v.rating), slowestMs: Number(v.slowest ?? 0) }])),
  };
}

describe('simulate: bad options', () => {
  it.each([
    [{ days: 0 }, /days must be a whole number from 1 to 366/],
    [{ days: 2, personas: -1 }, /personas must be a whole number/],
    [{ days: 2, faults: 'todo_list:error=0.5', faultFromDay: 3 }, /fault-from-day must be a whole number from 1 to 2/],
    [{ days: 2, faultFromDay: 1 }, /fault-from-day needs faults/],
    [{ days: 2, faults: 'todo_delete:error=1' }, /"todo_delete", which is not a tool mana-mcp exposes/],
    [{ days: 2, faults: 'todo_list:slow=1' }, /MCP_FAULTS entry "todo_list:slow=1" is invalid/],
    [{ days: 2, personas: 3, append: true }, /personas cannot be combined with append/],
    [{ days: 2, personas: 3, population: generatePersonas(manaRegistry, { count: 1, seed: 1 }) }, /personas and population cannot be combined/],
    [{ days: 2, population: [] }, /population must hold at least one persona/],
    [{ days: 2, until: new Date(Date.now() + DAY_MS) }, /until must be a valid instant that is not in the future/],
    [{ days: 2, simulatorChange: { policy: 'grumpy', fromDay: 2 } }, /policy must be one of variant .*got "grumpy"/],
    [{ days: 2, simulatorChange: { policy: 'standard', fromDay: 2 } }, /policy must be one of variant/],
    [{ days: 2, simulatorChange: { policy: 'variant', fromDay: 3 } }, /policy-from-day must be a whole number from 1 to 2/],
    [{ days: 2, simulatorChange: { policy: 'variant', fromDay: 1.5 } }, /policy-from-day must be a whole number/],
    [{ days: 2, simulatorChange: { fromDay: 2 } }, /policy-from-day needs a policy to change to \(variant\)/],
  ] as [SimulateOptions, RegExp][])('refuses %j with a clear message and writes nothing', async (options, message) => {
    await expect(simulate({ ...options, database })).rejects.toThrow(message);
    expect(await rowCounts()).toEqual({ users: 0, personas: 0, ticks: 0, actions: 0 });
  });
});

describe('simulate: determinism', () => {
  // retry: a tick whose first attempt fails for a transient reason (seen once on PostgreSQL in CI: one
  // tick succeeded on attempt 2) rolls the fault dice of its retry differently, so the counts differ.
  // That is a known gap of the simulation's determinism (noted in the closing note), not of this check.
  it('replays the same actions and ratings for the same seed, whatever the concurrency', { timeout: SLOW, retry: 2 }, async () => {
    const until = new Date('2026-11-20T06:00:00Z');
    const run = async (concurrency: number) => {
      await emptyDatabase();
      const summary = await simulate({ database, days: 2, personas: 4, seed: 5, faults: 'mood_log:error=0.5,habits_list:error=0.5,todo_list:empty=0.5', concurrency, until });
      return { summary, fingerprint: await historyFingerprint() };
    };
    const first = await run(1);
    const second = await run(6);
    expect(first.summary.ticks).toBeGreaterThan(0);
    expect(first.summary.actions).toBeGreaterThan(first.summary.ticks);
    expect(first.fingerprint.actions.filter((k) => / error \d+$/.test(k)).length).toBeGreaterThan(0);
    const { ratingValues: values1, ...counts1 } = first.fingerprint;
    const { ratingValues: values2, ...counts2 } = second.fingerprint;
    expect(counts2).toEqual(counts1);
    expect([...values2.keys()].sort()).toEqual([...values1.keys()].sort());
    // Every rating whose calls felt fast in both runs is compared (before, one slow call anywhere on a loaded machine
    // skipped the comparison of all of them, silently); a slow call may change its own rating only.
    const judged = [...values1].filter(([key, one]) => one.slowestMs <= NEVER_SLOW_MS && values2.get(key)!.slowestMs <= NEVER_SLOW_MS);
    expect(judged.length, 'ratings of ticks without a slow call').toBeGreaterThan(0);
    for (const [key, one] of judged) expect(values2.get(key)!.rating, key).toBe(one.rating);
    expect({ ...second.summary, wallMs: 0, personaDaysPerSecond: 0, ticksPerSecond: 0, cpu: null }).toEqual({
      ...first.summary,
      wallMs: 0,
      personaDaysPerSecond: 0,
      ticksPerSecond: 0,
      cpu: null,
    });
  });
});

describe('simulate: simulated time, fault day, refusal and append', () => {
  it(
    'writes every row at a simulated instant, faults only from their day, refuses a second run, appends after the last tick',
    async () => {
      await emptyDatabase();
      const realStart = new Date();
      const until = new Date(Math.floor(realStart.getTime() / 3_600_000) * 3_600_000 - DAY_MS);
      const days: DayReport[] = [];
      const summary = await simulate({ database, days: 3, personas: 4, seed: 5, faults: 'mood_log:error=1', faultFromDay: 2, until, onDay: (d) => days.push(d) });
      const from = new Date(summary.from);
      expect(summary.until).toBe(until.toISOString());
      expect(days.map((d) => d.day)).toEqual([1, 2, 3]);
      expect(days.reduce((n, d) => n + d.actions, 0)).toBe(summary.actions);

      // Every timestamp column outside the identity tables Better Auth writes at sign-up, and
      // outside instants that are chosen rather than "now" (events, leases, back-off, slot ends).
      const identity = ['users', 'accounts', 'sessions', 'verifications', 'jwks', 'organizations', 'members', 'invitations'];
      const chosen = ['starts_at', 'ends_at', 'lease_expires_at', 'next_attempt_at', 'slot_ends_at', 'next_due_at'];
      const columns = await database.query<{ table_name: string; column_name: string }>(
        `select table_name, column_name from information_schema.columns
       where table_schema = 'public' and data_type like 'timestamp%' order by 1, 2`,
      );
      const checked: string[] = [];
      for (const { table_name: table, column_name: column } of columns) {
        if (identity.includes(table) || chosen.includes(column)) continue;
        const [range] = await database.query<{ n: number; lo: string | null; hi: string | null }>(
          `select count("${column}")::int as n, min("${column}") as lo, max("${column}") as hi from "${table}"`,
        );
        if (Number(range.n) === 0) continue;
        checked.push(`${table}.${column}`);
        expect(new Date(range.lo!).getTime(), `${table}.${column}`).toBeGreaterThanOrEqual(from.getTime());
        expect(new Date(range.hi!).getTime(), `${table}.${column}`).toBeLessThan(until.getTime());
      }
      expect(checked).toEqual(
        expect.arrayContaining([
          'persona_ticks.created_at',
          'persona_ticks.finished_at',
          'persona_actions.created_at',
          'persona_feedback.created_at',
          'personas.created_at',
          'personas.last_active_at',
        ]),
      );
      expect(checked.some((c) => /^(todos|notes|mood_entries|journal_entries|contacts|calendar_events|habits)\./.test(c))).toBe(true);

      const faultFrom = new Date(from.getTime() + DAY_MS);
      const [mood] = await database.query<{ before_err: number; after_ok: number; after_err: number }>(
        `select count(*) filter (where created_at < $1 and result = 'error')::int as before_err,
              count(*) filter (where created_at >= $1 and result = 'ok')::int as after_ok,
              count(*) filter (where created_at >= $1 and result = 'error')::int as after_err
       from persona_actions where tool_name = 'mood_log'`,
        [faultFrom.toISOString()],
      );
      expect(mood).toEqual({ before_err: 0, after_ok: 0, after_err: expect.any(Number) });
      expect(mood.after_err).toBeGreaterThan(0);

      const before = await rowCounts();
      await expect(simulate({ database, days: 1 })).rejects.toThrow(/already has \d+ ticks .* pass --append/);
      expect(await rowCounts()).toEqual(before);

      const [{ last }] = await database.query<{ last: string }>('select max(started_at) as last from persona_ticks');
      const appended = await simulate({ database, days: 1, append: true, seed: 5 });
      expect(new Date(appended.from).getTime()).toBeGreaterThan(new Date(last).getTime());
      expect(appended.ticks).toBeGreaterThan(0);
      const [{ early }] = await database.query<{ early: number }>('select count(*)::int as early from persona_ticks where created_at > $1 and created_at < $2', [
        last,
        appended.from,
      ]);
      expect(early).toBe(0);
      expect((await rowCounts()).ticks).toBe(before.ticks + appended.ticks);
    },
    SLOW,
  );
});

describe('simulate: a simulator change', () => {
  it('plays the standard policy before the change day and the variant from it, on the same product', { timeout: SLOW }, async () => {
    await emptyDatabase();
    const population = generatePersonas(manaRegistry, { count: 3, seed: 4 }).map((persona) => ({ ...persona, tickCadence: 'daily' as const }));
    const until = new Date('2026-11-20T00:00:00Z');
    const summary = await simulate({ database, days: 3, population, seed: 4, simulatorChange: { policy: 'variant', fromDay: 2 }, until });
    const changeAt = new Date(new Date(summary.from).getTime() + DAY_MS);
    const ticks = await database.query<{
      started_at: string;
      record: { entries: { type: string; kind?: string; text?: string; answer?: string }[] };
      policy_version: string | null;
    }>(`select t.started_at, r.record, t.policy_version from persona_ticks t join persona_tick_records r on r.tick_id = t.id where t.status = 'succeeded' order by t.started_at`);
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    const played = ticks.map((tick) => {
      const expected = new Date(tick.started_at) < changeAt ? OFFLINE_POLICY_VERSION : OFFLINE_VARIANT_POLICY_VERSION;
      const summaryText = tick.record.entries.find((entry) => entry.type === 'message' && entry.kind === 'summary')?.text ?? '';
      const answer = JSON.parse(tick.record.entries.find((entry) => entry.type === 'rating')?.answer ?? '{}') as { policy?: string };
      return { expected, said: summaryText.split(' ')[0], rated: answer.policy, stored: tick.policy_version };
    });
    expect(new Set(played.map((p) => p.expected))).toEqual(new Set([OFFLINE_POLICY_VERSION, OFFLINE_VARIANT_POLICY_VERSION]));
    // The tick's fingerprint column, the day's closing words and its rating answer name the policy that played.
    for (const tick of played) expect({ said: tick.said, rated: tick.rated, stored: tick.stored }).toEqual({ said: tick.expected, rated: tick.expected, stored: tick.expected });
  });
});
