/**
 * §2.2 scale-out: three runner processes and two mana-mcp replicas behind a
 * round-robin proxy, 300 due personas. Every persona-slot is completed exactly
 * once. The throughput of one runner and of three (same per-runner
 * concurrency, fixed think time so that runners wait rather than compute) is
 * measured side by side and printed for docs/RELIABILITY.md; the test asserts
 * completeness and exactly-once, never a timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoundRobinProxy, type RoundRobinProxy } from './harness/round-robin-proxy';
import { startStack, type Stack } from './harness/stack';
import type { ServiceProcess } from './harness/service';

const PERSONAS = Number(process.env.RELIABILITY_SCALE_PERSONAS ?? 300);
const SINGLE = Math.round(PERSONAS / 3);
// 1.5 s of think time per step (~5 calls a tick, so ~8 s a tick): thirty slots ask ~4 ticks/s, each a password
// login (~150 ms of scrypt) and ~90 ms of stack CPU: about one of the two cores. With 300 ms one runner already did
// 3.1 ticks/s, so three asked ~9 ticks/s, ~2.2 cores of CPU: the ratio measured the machine, not the runners.
const THINK_MS = process.env.RELIABILITY_SCALE_THINK_MS ?? '1500';
const runnerEnv = { PERSONA_CONCURRENCY: '10', PERSONA_CLAIM_AHEAD: '2', PERSONA_OFFLINE_DELAY_MS: THINK_MS, TICK_INTERVAL_MS: '300' };

let stack: Stack;
let proxy: RoundRobinProxy;
beforeAll(async () => {
  stack = await startStack({ runnerEnv });
  const replicas = [await stack.startMcp(), await stack.startMcp()];
  proxy = await startRoundRobinProxy(replicas.map((replica) => replica.url));
});
afterAll(async () => {
  await proxy?.close();
  await stack?.close();
});

interface TickRow {
  persona_id: string;
  slot: string;
  status: string;
  attempt: number;
  lease_owner: string | null;
  started_at: Date;
  finished_at: Date;
}

const succeededBy = (metrics: string) => Number(/^persona_runner_ticks_total\{outcome="succeeded"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);

/** Runs `runners` processes until every tick of `personas` is finished; returns the ticks and persona-ticks per second. */
async function runUntilDone(personas: string[], runners: number): Promise<{ ticks: TickRow[]; perSecond: number; perRunner: number[] }> {
  // Started together, so no runner has the due ticks to itself for its start-up time.
  const processes: ServiceProcess[] = await Promise.all(Array.from({ length: runners }, () => stack.startRunner(`${proxy.url}/mcp`)));
  const list = JSON.stringify(personas);
  const ticksOf = () =>
    stack.database.query<TickRow>(
      `select persona_id, slot, status, attempt, lease_owner, started_at, finished_at from persona_ticks where persona_id in (select jsonb_array_elements_text($1::jsonb))`,
      [list],
    );
  await expect
    .poll(
      async () => {
        const ticks = await ticksOf();
        return (
          new Set(ticks.filter((t) => t.status === 'succeeded').map((t) => t.persona_id)).size === personas.length &&
          ticks.every((t) => t.status === 'succeeded' || t.status === 'failed')
        );
      },
      { timeout: 1_200_000, interval: 250, message: `${personas.length} personas ticked by ${runners} runner(s)` },
    )
    .toBe(true);
  // Completion clears the lease owner, so each runner says itself how many ticks it finished.
  const perRunner = await Promise.all(processes.map(async (process) => succeededBy(await (await fetch(`${process.url}/metrics`)).text())));
  for (const process of processes) await process.kill('SIGTERM');
  const ticks = await ticksOf();
  const first = Math.min(...ticks.map((t) => new Date(t.started_at).getTime()));
  const last = Math.max(...ticks.map((t) => new Date(t.finished_at).getTime()));
  return { ticks, perSecond: ticks.length / ((last - first) / 1000), perRunner };
}

describe('scale-out: 3 runners, 2 mana-mcp replicas behind a round-robin proxy', () => {
  // 400 sign-ups and as many password logins: on a busy 2-core machine this takes long (a hang guard, not a timing check).
  it('completes every persona-slot exactly once; one runner vs three measured side by side', { timeout: 1_800_000 }, async () => {
    const one = await runUntilDone(await stack.seedPersonas(SINGLE), 1);
    const personas = await stack.seedPersonas(PERSONAS);
    const three = await runUntilDone(personas, 3);

    // Exactly once: one tick per persona and slot, succeeded on its first claim, no lease left, by one of three runners.
    const keys = three.ticks.map((t) => `${t.persona_id}|${t.slot}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(three.ticks.map((t) => t.persona_id)).size).toBe(PERSONAS);
    expect(three.ticks.filter((t) => t.status !== 'succeeded')).toEqual([]);
    expect(three.ticks.filter((t) => t.attempt !== 1)).toEqual([]);
    // All three runners took part, and together they finished each tick once.
    expect(
      three.perRunner.every((n) => n > 0),
      three.perRunner.join('/'),
    ).toBe(true);
    expect(three.perRunner.reduce((a, b) => a + b, 0)).toBe(PERSONAS);
    // No action recorded twice, every completed tick has its actions and ratings.
    const [dupes] = await stack.database.query<{ n: number }>(`select count(*)::int as n from (select tick_id, call_id from persona_actions group by 1, 2 having count(*) > 1) d`);
    expect(dupes!.n).toBe(0);
    const [bare] = await stack.database.query<{ n: number }>(
      `select count(*)::int as n from persona_ticks t where t.status = 'succeeded' and not exists (select 1 from persona_actions a where a.tick_id = t.id)`,
    );
    expect(bare!.n).toBe(0);
    // Both replicas served the sessions (round robin), so no session depended on one process.
    expect(Math.min(...proxy.counts)).toBeGreaterThan(PERSONAS);

    const ratio = three.perSecond / one.perSecond;
    process.stdout.write(
      `[reliability] scale-out (think time ${THINK_MS} ms): 1 runner ${one.perSecond.toFixed(2)} persona-ticks/s (${SINGLE} personas), 3 runners ${three.perSecond.toFixed(2)} persona-ticks/s (${PERSONAS} personas), ratio ${ratio.toFixed(2)}; ticks per runner ${three.perRunner.join('/')}; proxy split ${proxy.counts.join('/')}\n`,
    );
  });
});
