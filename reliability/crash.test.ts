/**
 * §2.1 crash: the runner process is killed with SIGKILL mid-tick several times
 * at random points. After a restart: no action row twice, ticks completed
 * before a kill are kept as they were, every interrupted tick is re-run once
 * its lease expires with the attempt counted (or, when its completion was
 * already on the wire as the runner died, closed by that completion before
 * its lease ran out), and nothing is left leased.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@mana/core';
import { startStack, type Stack } from './harness/stack';

const KILLS = Number(process.env.RELIABILITY_KILLS ?? 4);
const LEASE_MS = 3_000;
// Think time per step so that every kill lands inside sessions; a short lease so re-runs come quickly.
const runnerEnv = { PERSONA_CONCURRENCY: '6', PERSONA_OFFLINE_DELAY_MS: '250', PERSONA_LEASE_MS: String(LEASE_MS), TICK_INTERVAL_MS: '300' };

let stack: Stack;
let mcpUrl: string;
beforeAll(async () => {
  stack = await startStack({ runnerEnv });
  mcpUrl = `${(await stack.startMcp()).url}/mcp`;
});
afterAll(async () => stack?.close());

interface TickRow {
  id: string;
  status: string;
  attempt: number;
  finished_at: string | null;
  finished_ms: number | null;
}

const ticks = () =>
  stack.database.query<TickRow>(`select id, status, attempt, finished_at::text, (extract(epoch from finished_at) * 1000)::float8 as finished_ms from persona_ticks order by id`);

describe('crash: SIGKILL of the runner mid-tick', () => {
  it(`${KILLS} kills at random points: no action twice, completed ticks kept, interrupted ticks re-run with the attempt counted, nothing leased`, async () => {
    const personas = await stack.seedPersonas(40);
    const random = seededRandom(Number(process.env.RELIABILITY_SEED ?? 7));
    /** Ticks leased when a kill landed, with the instant of that kill. */
    const interrupted = new Map<string, number>();
    const completedBefore = new Map<string, TickRow>();

    for (let kill = 0; kill < KILLS; kill++) {
      const runner = await stack.startRunner(mcpUrl);
      // Wait until sessions are in flight, then a random extra 0-2.5 s.
      await expect
        .poll(async () => (await ticks()).some((t) => t.status === 'claimed' || t.status === 'running'), { timeout: 120_000, interval: 250, message: 'a tick in flight' })
        .toBe(true);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random.next() * 2_500)));
      await runner.kill('SIGKILL');
      const killedAt = Date.now();
      for (const tick of await ticks()) {
        if (tick.status === 'claimed' || tick.status === 'running') interrupted.set(tick.id, killedAt);
        if (tick.status === 'succeeded' && !completedBefore.has(tick.id)) completedBefore.set(tick.id, tick);
      }
    }
    expect(interrupted.size).toBeGreaterThan(0);

    const survivor = await stack.startRunner(mcpUrl);
    await expect
      .poll(
        async () => {
          const rows = await ticks();
          return rows.length === personas.length && rows.every((t) => t.status === 'succeeded' || t.status === 'failed');
        },
        { timeout: 300_000, interval: 250, message: 'every persona ticked and nothing leased' },
      )
      .toBe(true);
    await survivor.kill('SIGTERM');

    const after = new Map((await ticks()).map((t) => [t.id, t]));
    // Completed ticks are kept exactly as they were.
    for (const [id, before] of completedBefore) expect(after.get(id)).toEqual(before);
    // Every interrupted tick ran again after its lease expired, with the attempt counted, and finished; or the
    // completion the runner had sent just before it died landed, which can only happen before the lease ran out.
    let landedInFlight = 0;
    for (const [id, killedAt] of interrupted) {
      const tick = after.get(id)!;
      expect(tick.status, id).toBe('succeeded');
      if (tick.attempt >= 2) continue;
      landedInFlight += 1;
      expect(tick.finished_ms, `${id} closed at attempt 1 long after the kill`).toBeLessThanOrEqual(killedAt + LEASE_MS);
    }
    const [dupes] = await stack.database.query<{ n: number }>(`select count(*)::int as n from (select tick_id, call_id from persona_actions group by 1, 2 having count(*) > 1) d`);
    expect(dupes!.n).toBe(0);
    const [leased] = await stack.database.query<{ n: number }>(`select count(*)::int as n from persona_ticks where status in ('claimed', 'running')`);
    expect(leased!.n).toBe(0);
    process.stdout.write(
      `[reliability] crash: ${KILLS} SIGKILLs, ${interrupted.size} ticks interrupted (${interrupted.size - landedInFlight} re-run, ${landedInFlight} closed by a completion already sent), ${completedBefore.size} completed before a kill kept, ${personas.length} personas\n`,
    );
  });
});
