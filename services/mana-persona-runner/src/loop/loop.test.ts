import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { createInternalApi } from '../clients/internal-api';
import { createRunner, type Runner } from '../runner';
import { createScriptedDriver, type Script } from '../testing/scripted-driver';
import { createRunnerStack, type RunnerStack, type SeededPersona } from '../testing/stack';
import { gate, UNTIL_EVENT } from '../testing/wait';

let stack: RunnerStack;
const log = createLogger('runner-test', { level: 'silent' });

beforeAll(async () => {
  stack = await createRunnerStack();
});
afterAll(async () => stack?.close());
beforeEach(async () => {
  await stack.database.query(`delete from users where kind = 'persona'`);
});

const rows = <T>(sql: string, params: unknown[] = []) => stack.database.query<T>(sql, params);
const ticksOf = () =>
  rows<{ persona_id: string; status: string; error: string | null; attempt: number; next_attempt_at: Date | null }>(
    `select persona_id, status, error, attempt, next_attempt_at from persona_ticks`,
  );
const actionCount = async (personaId?: string) =>
  (await rows<{ n: number }>(`select count(*)::int as n from persona_actions ${personaId ? 'where persona_id = $1' : ''}`, personaId ? [personaId] : []))[0].n;

function runnerWith(scripts: Map<string, Script>, env: Record<string, string> = {}, now?: () => Date): Runner & { driver: ReturnType<typeof createScriptedDriver> } {
  const driver = createScriptedDriver((email) => scripts.get(email) ?? {});
  const runner = createRunner({ config: stack.config({ PERSONA_CONCURRENCY: '2', ...env }), driver, log, now });
  return Object.assign(runner, { driver });
}

/**
 * The lease of the two heartbeat tests: a beat every third of it (as in production), so a beat may
 * come 2 s late before the lease lapses. Below 3 s the beat's 1 s floor ate that margin (1.2 s: 200 ms),
 * which a loaded machine missed although every beat was sent.
 */
const LEASE_MS = 3_000;

/**
 * Waits (on the services' clock) until a lease taken before this call has outlived its first term,
 * and a beat interval more: from here on only heartbeats explain a lease that is still held.
 */
async function pastFirstLeaseTerm(): Promise<void> {
  const end = stack.now().getTime() + LEASE_MS + LEASE_MS / 3;
  await expect.poll(() => stack.now().getTime(), UNTIL_EVENT).toBeGreaterThan(end);
}

const scriptsFor = (personas: SeededPersona[], script: (p: SeededPersona, i: number) => Script) => new Map(personas.map((p, i) => [p.email, script(p, i)]));

describe('tick loop against real mana-auth and mana-mcp', () => {
  it('plays every due persona once; actions and ratings land in the database; one failure leaves the others untouched', async () => {
    const personas = await stack.seed(5);
    const broken = personas[2];
    const runner = runnerWith(scriptsFor(personas, (p) => (p === broken ? { calls: 1, fail: 'driver exploded' } : { calls: 3, stepMs: 5 })));
    const summary = await runner.scheduler!.runNow();
    expect(summary).toMatchObject({ claimed: 5, succeeded: 4 });
    expect(summary.failed).toEqual([{ tickId: expect.any(String), email: broken.email, error: 'driver exploded' }]);
    const ticks = await ticksOf();
    expect(ticks.filter((t) => t.status === 'succeeded')).toHaveLength(4);
    expect(ticks.find((t) => t.persona_id === broken.userId)).toMatchObject({ status: 'failed', error: 'driver exploded' });
    for (const p of personas.filter((x) => x !== broken)) expect(await actionCount(p.userId)).toBe(3);
    // The failed persona's call made before the error is kept (it streamed through onAction).
    expect(await actionCount(broken.userId)).toBe(1);
    const feedback = await rows<{ module: string; rating: number; status: string }>(`select module, rating, status from persona_feedback`);
    expect(feedback).toHaveLength(8); // todo + notes for each of the 4 successful personas
    expect(feedback.every((f) => f.status === 'rated' && f.rating === 4)).toBe(true);
    const modules = await rows<{ module: string }>(`select distinct module from persona_actions order by module`);
    expect(modules.map((m) => m.module)).toEqual(['notes', 'todo']);
    // The login carried the JWT, the personal space and the persona's time zone to mana-mcp's URL.
    expect(runner.driver.log.started[0].mcp).toMatchObject({
      url: stack.mcpUrl,
      headers: { Authorization: expect.stringMatching(/^Bearer ey/), 'X-Mana-Space': expect.any(String), 'X-Mana-Time-Zone': 'UTC' },
    });
    const second = await runner.scheduler!.runNow();
    expect(second.claimed).toBe(0);
  });

  it('never overlaps itself: a second tick requested mid-tick starts after the first and finds nothing due', async () => {
    const personas = await stack.seed(3);
    const runner = runnerWith(scriptsFor(personas, () => ({ calls: 2, stepMs: 40 })));
    const first = runner.scheduler!.runNow();
    const second = runner.scheduler!.runNow();
    const [a, b] = await Promise.all([first, second]);
    expect(a.claimed).toBe(3);
    expect(b.claimed).toBe(0);
    expect(Date.parse(b.startedAt)).toBeGreaterThanOrEqual(Date.parse(a.startedAt) + a.durationMs - 1);
    expect(runner.driver.log.started.map((s) => s.email).sort()).toEqual(personas.map((p) => p.email).sort());
  });

  it('a per-persona time-out aborts the driver; a driver that ignores its signal is abandoned after the grace', async () => {
    const [slow, hung, fine] = await stack.seed(3);
    // The slow day makes three calls and then waits for a gate that never opens (honouring its signal), so what
    // it did before the time-out is exact, whatever the machine's speed; the hung one ignores its signal.
    const never = new Promise<void>(() => undefined);
    const scripts = new Map<string, Script>([
      [slow.email, { calls: 50, gate: never, gateAt: 3 }],
      [hung.email, { hang: true }],
      [fine.email, { calls: 1 }],
    ]);
    const runner = runnerWith(scripts, { PERSONA_TIMEOUT_MS: '1500', PERSONA_ABORT_GRACE_MS: '200', PERSONA_CONCURRENCY: '3' });
    // Logins first (cached), so the time-out measures the day and not password hashing.
    for (const p of [slow, hung, fine]) await runner.deps.sessions.get(p.email);
    const summary = await runner.scheduler!.runNow();
    expect(summary.succeeded).toBe(1);
    expect(summary.failed.map((f) => [f.email, f.error]).sort()).toEqual(
      [
        [hung.email, 'timed out after 1500 ms'],
        [slow.email, 'timed out after 1500 ms'],
      ].sort(),
    );
    expect(runner.driver.log.aborted).toEqual([slow.email]);
    // The calls made before the time-out are kept.
    expect(runner.driver.log.held).toContain(slow.email);
    expect(await actionCount(slow.userId)).toBe(3);
    // The hung driver was abandoned after time-out + grace, not waited for: its day never settles, so the pass
    // has ended only because of that (a runner that waited for it would fail on vitest's test time-out, not on a
    // bound of this machine's speed, which the pass's duration used to be held to).
  });

  it('reports actions incrementally while a long day is still running', async () => {
    const [p] = await stack.seed(1);
    // The day is held open after four calls: two full batches of two are reported while it runs. A long
    // lease (a heartbeat, which also flushes, every 200 s) leaves the batches as the only way out.
    const day = gate();
    const runner = runnerWith(new Map([[p.email, { calls: 6, gate: day.promise, gateAt: 4 }]]), { PERSONA_REPORT_BATCH: '2', PERSONA_LEASE_MS: '600000' });
    const tick = runner.scheduler!.runNow();
    await expect.poll(() => runner.driver.log.held.length, UNTIL_EVENT).toBe(1);
    await expect.poll(() => actionCount(p.userId), { ...UNTIL_EVENT, timeout: 60_000, message: 'four actions reported mid-day' }).toBe(4);
    const [tickRow] = await ticksOf();
    expect(['claimed', 'running']).toContain(tickRow.status);
    day.open();
    await tick;
    expect(await actionCount(p.userId)).toBe(6);
  });

  it('a failing rating turn stores parse_error rows, never ratings, and the day still counts', async () => {
    const [p] = await stack.seed(1);
    const runner = runnerWith(new Map([[p.email, { calls: 3, failRating: 'model returned nothing' }]]));
    const summary = await runner.scheduler!.runNow();
    expect(summary.succeeded).toBe(1);
    const feedback = await rows<{ module: string; rating: number | null; status: string; notes: string }>(
      `select module, rating, status, notes from persona_feedback order by module`,
    );
    expect(feedback).toEqual([
      { module: 'notes', rating: null, status: 'parse_error', notes: 'rating turn failed: model returned nothing' },
      { module: 'todo', rating: null, status: 'parse_error', notes: 'rating turn failed: model returned nothing' },
    ]);
  });

  it('RUNNER_PAUSED claims nothing', async () => {
    await stack.seed(2);
    const runner = runnerWith(new Map(), { RUNNER_PAUSED: 'true' });
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 0, skipped: 'paused' });
    expect(await ticksOf()).toEqual([]);
  });

  it('stops claiming when the daily budget is spent, says so, and resumes the next UTC day', async () => {
    const personas = await stack.seed(3);
    let clock = new Date('2026-03-02T10:00:00Z');
    const runner = runnerWith(
      scriptsFor(personas, () => ({ calls: 1, costUsd: 0.02 })),
      { PERSONA_CONCURRENCY: '1', PERSONA_CLAIM_AHEAD: '0', RUNNER_DAILY_BUDGET_USD: '0.01' },
      () => clock,
    );
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 0, skipped: 'budget_exhausted' });
    const health = await (await runner.app.request('/health')).json();
    expect(health).toMatchObject({ status: 'budget_exhausted', budget: { exhausted: true, dailyBudgetUsd: 0.01, day: '2026-03-02' } });
    expect(await (await runner.app.request('/metrics')).text()).toContain('persona_runner_daily_budget_exhausted 1');
    clock = new Date('2026-03-03T00:00:01Z');
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 1 });
    const [cost] = await rows<{ total: number }>(`select sum(cost_usd)::float as total from persona_ticks`);
    expect(cost.total).toBeCloseTo(0.04);
  });

  it("shares the daily budget across runners and restarts: a new runner reads the day's spend from mana-auth", async () => {
    const personas = await stack.seed(3);
    const budget = { PERSONA_CONCURRENCY: '1', PERSONA_CLAIM_AHEAD: '0', RUNNER_DAILY_BUDGET_USD: '0.01' };
    const first = runnerWith(
      scriptsFor(personas, () => ({ calls: 1, costUsd: 0.02 })),
      budget,
    );
    expect(await first.scheduler!.runNow()).toMatchObject({ claimed: 1, succeeded: 1 });
    // Another runner process (or this one restarted) starts with no spend of its own, and still stops.
    const second = runnerWith(
      scriptsFor(personas, () => ({ calls: 1, costUsd: 0.02 })),
      budget,
    );
    expect(await second.scheduler!.runNow()).toMatchObject({ claimed: 0, skipped: 'budget_exhausted' });
    expect(second.deps.budget.state().exhausted).toBe(true);
    expect(second.deps.budget.state().spentUsd).toBeGreaterThanOrEqual(0.02);
  });

  it('heart-beats a long session: the lease outlives its first term and no other runner can take the tick', async () => {
    const [p] = await stack.seed(1);
    const day = gate();
    const runner = runnerWith(new Map([[p.email, { calls: 6, gate: day.promise }]]), { PERSONA_LEASE_MS: String(LEASE_MS) });
    await runner.deps.sessions.get(p.email);
    const tick = runner.scheduler!.runNow();
    // The day is held open (not timed) until the lease has outlived its first term.
    await expect.poll(() => runner.driver.log.held.length, UNTIL_EVENT).toBe(1);
    await pastFirstLeaseTerm();
    const [row] = await rows<{ status: string; lease_expires_at: Date }>(`select status, lease_expires_at from persona_ticks`);
    expect(row.status).toBe('running');
    expect(new Date(row.lease_expires_at).getTime()).toBeGreaterThan(stack.now().getTime());
    const thief = createInternalApi({ authUrl: stack.authUrl, serviceKey: stack.env().MANA_SERVICE_KEY });
    expect(await thief.claim({ runnerId: 'thief', limit: 5, leaseMs: 60_000 })).toEqual([]);
    day.open();
    expect(await tick).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await actionCount(p.userId)).toBe(6);
  });

  it('keeps the leases of ticks claimed ahead alive while they wait for a slot: each is played once, at attempt 1', async () => {
    const personas = await stack.seed(3);
    // One slot and two ticks claimed ahead. The first day is held open until the two queued ticks have
    // waited past their first lease term: unless their leases were renewed while queued, another runner
    // could take them now, and this runner would play them as stale attempts.
    const day = gate();
    const runner = runnerWith(
      scriptsFor(personas, () => ({ calls: 3, gate: day.promise })),
      { PERSONA_CONCURRENCY: '1', PERSONA_CLAIM_AHEAD: '2', PERSONA_LEASE_MS: String(LEASE_MS) },
    );
    for (const p of personas) await runner.deps.sessions.get(p.email);
    const pass = runner.scheduler!.runNow();
    await expect.poll(async () => runner.driver.log.held.length === 1 && (await ticksOf()).length === 3, UNTIL_EVENT).toBe(true);
    await pastFirstLeaseTerm();
    expect(runner.driver.log.started).toHaveLength(1); // the other two are still queued
    const leases = await rows<{ lease_expires_at: Date }>(`select lease_expires_at from persona_ticks`);
    for (const lease of leases) expect(new Date(lease.lease_expires_at).getTime()).toBeGreaterThan(stack.now().getTime());
    const thief = createInternalApi({ authUrl: stack.authUrl, serviceKey: stack.env().MANA_SERVICE_KEY });
    expect(await thief.claim({ runnerId: 'thief', limit: 5, leaseMs: 60_000 })).toEqual([]);
    day.open();
    expect(await pass).toMatchObject({ claimed: 3, succeeded: 3, failed: [] });
    const ticks = await ticksOf();
    expect(ticks.map((t) => [t.status, t.attempt])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
    for (const p of personas) expect(await actionCount(p.userId)).toBe(3);
  });

  it('a day of 1,201 calls is reported in batches the API accepts (≤ 500) and lands exactly once', async () => {
    const [p] = await stack.seed(1);
    const runner = runnerWith(new Map([[p.email, { calls: 1_201 }]]), { PERSONA_REPORT_BATCH: '500', PERSONA_MAX_TOOL_CALLS: '2000' });
    expect(await runner.scheduler!.runNow()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await actionCount(p.userId)).toBe(1_201);
    const [distinct] = await rows<{ n: number }>(`select count(distinct call_id)::int as n from persona_actions`);
    expect(distinct.n).toBe(1_201);
  });
});
